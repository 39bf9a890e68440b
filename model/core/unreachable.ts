/**
 * Marks a branch the type checker proves impossible; ends a `switch` over a union so that a new
 * member that is not handled is a compile error.
 *
 * @example
 * switch (a.kind) { case 'Fill': return fill(s); default: return unreachable(a); }
 */
export function unreachable(x: never): never {
  throw new Error(`unreachable: unexpected value ${JSON.stringify(x)}`);
}
