import { createHash } from 'node:crypto';

/** A generated name within the identifier limit: shortened with a hash of the whole when too long. */
export function fitIdentifier(name: string, maxLength: number): string {
  if (Buffer.byteLength(name) <= maxLength) return name;
  const hash = createHash('sha1').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, maxLength - hash.length - 1)}_${hash}`;
}
