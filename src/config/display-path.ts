import { isAbsolute, relative } from 'node:path';

/** Paths inside the working folder print relative (as editors link them), others absolute. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
