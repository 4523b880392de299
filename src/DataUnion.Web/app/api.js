// Calls the node's API on this origin. A refusal becomes an ApiError with the node's own
// problem lines, and a lost connection says so; the session token, when there is one, is sent
// as a bearer token (never a cookie), so no other site can make a request with it.

export class ApiError extends Error {
  constructor(status, title, problems, kind) {
    super(problems?.length ? `${title}: ${problems.join('; ')}` : title);
    this.status = status;
    this.title = title;
    this.problems = problems ?? [];
    this.kind = kind;
  }
}

export const unreachable = () => new ApiError(0, 'The node cannot be reached',
  ['check your connection and that the node is running, then try again; nothing was changed']);

async function problemOf(response) {
  let body = null;
  try { body = await response.json(); } catch { /* not JSON */ }
  const problems = Array.isArray(body?.problems) ? body.problems.map(String) : body?.detail ? [String(body.detail)] : [];
  return new ApiError(response.status, body?.title ?? `The node answered ${response.status}`, problems, body?.kind);
}

let csrf = null;
/** The operator session's CSRF token, sent on every request that changes something (null: none). */
export function setOperatorCsrf(token) { csrf = token; }

let sessionExpired = () => {};
/** Called when a member request is refused because the session ended. */
export function onSessionExpired(handler) { sessionExpired = handler; }

/** A request answered with JSON; body is sent as JSON, form (FormData) as multipart. */
export async function call(path, { method = 'GET', body, form, token, headers = {}, signal } = {}) {
  const init = { method, headers: { Accept: 'application/json', ...headers }, signal, credentials: 'same-origin' };
  if (token) init.headers.Authorization = `Bearer ${token}`;
  if (csrf && method !== 'GET' && method !== 'HEAD') init.headers['X-CSRF-Token'] = csrf;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (form) init.body = form;
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (error?.name === 'AbortError') throw error;
    throw unreachable();
  }
  if (!response.ok) {
    const error = await problemOf(response);
    if (response.status === 401 && token) sessionExpired(error);
    throw error;
  }
  return response.status === 204 ? null : response.json();
}

/** Uploads a multipart form with progress (fetch cannot report upload progress). */
export function upload(path, form, { token, onProgress }) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('Accept', 'application/json');
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = e => { if (e.lengthComputable) onProgress?.(e.loaded / e.total); };
    xhr.onerror = () => reject(unreachable());
    xhr.onload = async () => {
      const response = new Response(xhr.responseText, { status: xhr.status, headers: { 'Content-Type': xhr.getResponseHeader('Content-Type') ?? '' } });
      if (xhr.status >= 200 && xhr.status < 300) { resolve(await response.json()); return; }
      const error = await problemOf(response);
      if (xhr.status === 401 && token) sessionExpired(error);
      reject(error);
    };
    xhr.send(form);
  });
}
