// Builds the web app with esbuild from the lock file into the node's web/ folder: one script
// entry split per page, one stylesheet, content-hashed names (served as immutable), and the
// page that names them. Nothing is fetched from a CDN at run time. Prints, per page, the script
// it loads (the shell and the page's own chunks) raw, gzip- and Brotli-compressed.
import { build } from 'esbuild';
import { readFile, writeFile, rm, mkdir } from 'node:fs/promises';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { join, dirname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'DataUnion.Node', 'web');
await rm(out, { recursive: true, force: true });
await mkdir(join(out, 'assets'), { recursive: true });

const result = await build({
  entryPoints: { app: join(here, 'app', 'main.js'), style: join(here, 'app', 'app.css') },
  bundle: true,
  splitting: true,
  format: 'esm',
  minify: true,
  target: ['chrome110', 'firefox115', 'safari16'],
  outdir: join(out, 'assets'),
  entryNames: '[name]-[hash]',
  chunkNames: 'chunk-[hash]',
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
});

const outputs = Object.entries(result.metafile.outputs);
const entry = name => basename(outputs.find(([, o]) => o.entryPoint?.endsWith(name))[0]);
const page = (await readFile(join(here, 'index.html'), 'utf8'))
  .replace('{{js}}', entry('app/main.js'))
  .replace('{{css}}', entry('app/app.css'));
await writeFile(join(out, 'index.html'), page);

// What each page loads: the shell's static imports, then the page's chunk and its static imports.
const loaded = start => {
  const seen = new Set();
  const stack = [start];
  while (stack.length) {
    const file = stack.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    for (const imported of result.metafile.outputs[file].imports) if (imported.kind === 'import-statement') stack.push(imported.path);
  }
  return seen;
};
const shell = outputs.find(([, o]) => o.entryPoint?.endsWith('app/main.js'))[0];
for (const [file, output] of outputs) {
  const page = Object.keys(output.inputs).find(input => /app\/pages\/[^/]+\.js$/.test(input));
  if (!page || file === shell) continue;
  let raw = 0, gzip = 0, brotli = 0;
  for (const f of new Set([...loaded(shell), ...loaded(file)])) {
    const bytes = await readFile(f);
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
    brotli += brotliCompressSync(bytes).length;
  }
  console.log(`page ${basename(page, '.js')}: script ${raw} B, gzip ${gzip} B, brotli ${brotli} B`);
}
