/**
 * `items[index]` where the caller knows an element is there, checked: with
 * `noUncheckedIndexedAccess` an index may miss, and a miss here is a bug, so it fails loudly with
 * what was expected instead of flowing on as `undefined`. Not for lists that may hold `undefined`.
 */
export function at<T>(items: ArrayLike<T>, index: number, what: string): T {
  const item = items[index];
  if (item === undefined) {
    throw new Error(
      `Internal error: expected ${what} at index ${index} of ${items.length}, found none. Please report it with the command that led here.`,
    );
  }
  return item;
}
