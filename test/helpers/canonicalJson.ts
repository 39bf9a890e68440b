/**
 * A state's identity for the naive explorers of the tests: its JSON text with every object's keys
 * sorted, written here without any of the checker's code (no shape codec, no hash), so that a
 * count it reproduces is evidence and not the checker agreeing with itself.
 */

/**
 * The canonical JSON text of `value`: object keys in sorted order, arrays in order, numbers and
 * strings as `JSON.stringify` writes them. Two states are the same state exactly when their texts
 * are equal. Throws for what a declared state shape cannot hold (`undefined`, a function, a
 * non-finite number, a `Map`, a `Set`, a class instance, a `bigint`), naming the path, so that a
 * state the explorer cannot key is an error and never two states silently keyed as one.
 *
 * @example
 * canonicalJson({ b: [2, 1], a: null }); // '{"a":null,"b":[2,1]}'
 * canonicalJson({ a: 1, b: 2 }) === canonicalJson({ b: 2, a: 1 }); // true
 */
export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

function write(value: unknown, path: string): string {
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${path} is ${value}, which JSON cannot hold`);
      return Object.is(value, -0) ? '0' : String(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + write(value[i], `${path}[${i}]`);
        return out + ']';
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError(`canonicalJson: ${path} is a ${proto?.constructor?.name ?? 'non-plain object'}, not a plain object`);
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      let out = '{';
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i];
        out += (i > 0 ? ',' : '') + JSON.stringify(k) + ':' + write(record[k], `${path}.${k}`);
      }
      return out + '}';
    }
    default:
      throw new TypeError(`canonicalJson: ${path} is ${typeof value}, which a state cannot hold`);
  }
}
