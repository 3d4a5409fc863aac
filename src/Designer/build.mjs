// Bundles the console's TypeScript modules into src/Server/wwwroot/app (the server serves them itself: no CDN).
// Run by the Server project's MSBuild step (see docs/console.md) or by hand: npm run build.
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.resolve(here, '../Server/wwwroot/app');

await esbuild.build({
  entryPoints: {
    designer: path.join(here, 'src/designer/main.ts'),
    tasklist: path.join(here, 'src/tasklist/main.ts'),
    monitor: path.join(here, 'src/monitor/main.ts'),
    dashboard: path.join(here, 'src/dashboard/main.ts'),
  },
  outdir,
  bundle: true,
  format: 'esm',
  target: ['es2022'],
  minify: true,
  sourcemap: 'linked',
  legalComments: 'linked',
  // bpmn-js's icon font and diagram CSS are copied next to the bundle.
  loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file' },
  assetNames: 'assets/[name]-[hash]',
  logLevel: 'warning',
});
