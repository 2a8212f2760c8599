import { isAbsolute, relative } from 'node:path';

/**
 * Paths inside the working folder print relative (as editors link them), the folder itself as
 * `.`, others absolute. Every message that names a file goes through it.
 */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  if (rel === '') return '.';
  return !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
