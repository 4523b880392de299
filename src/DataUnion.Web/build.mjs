// Builds the web app with esbuild from the lock file into the node's web/ folder: one script
// entry split per page, one stylesheet, content-hashed names (served as immutable), and the
// page that names them. Nothing is fetched from a CDN at run time. Prints each file's size and
// its gzip size.
import { build } from 'esbuild';
import { readFile, writeFile, rm, mkdir, readdir, stat } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
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

for (const file of await readdir(join(out, 'assets'))) {
  const bytes = await readFile(join(out, 'assets', file));
  console.log(`web/assets/${file}  ${(await stat(join(out, 'assets', file))).size} B, gzip ${gzipSync(bytes, { level: 9 }).length} B`);
}
