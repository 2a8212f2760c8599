import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { DocsSite } from './docs-site';
import { renderIndex } from './render-index';
import { renderPage } from './render-page';

/**
 * Writes the site to `<dir>` (target/docs/): index.html and one page per node. The site is built
 * in a sibling folder and swapped in, so a failure never leaves half a site. Returns the paths
 * written, relative to `dir`.
 */
export async function writeDocs(site: DocsSite, dir: string): Promise<string[]> {
  const building = `${dir}.${process.pid}.tmp`;
  await rm(building, { recursive: true, force: true });
  const files: Array<[string, string]> = [
    ['index.html', renderIndex(site)],
    ...site.pages.map((page): [string, string] => [page.page, renderPage(site, page)]),
  ];
  try {
    for (const [path, html] of files) {
      await mkdir(dirname(join(building, path)), { recursive: true });
      await writeFile(join(building, path), html);
    }
    await rm(dir, { recursive: true, force: true });
    await rename(building, dir);
  } catch (error) {
    await rm(building, { recursive: true, force: true });
    throw error;
  }
  return files.map(([path]) => path);
}
