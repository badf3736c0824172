/** `target` with the members in `overrides` in place of its own; every other method is the target's, bound to it. */
export function intercepted<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get(inner, property, receiver) {
      if (Object.hasOwn(overrides, property)) return overrides[property as keyof T];
      const value = Reflect.get(inner, property, receiver);
      return typeof value === 'function' ? value.bind(inner) : value;
    },
  });
}
