/**
 * One deserialization per request instead of one per policy.
 *
 * @pulumi/policy 1.21's server (`server.js` `makeAnalyzeRpcFun`, `makeAnalyzeStackRpcFun`,
 * `getProviderResource`) calls `deserializeProperties(req.getProperties(), false)` and wraps the
 * result in a fresh `unknownCheckingProxy` once per policy, for every policy whose validation is not
 * a single function of one other resource type. Each of OutcomeGuard's multi-type resource policies
 * therefore pays a full walk of the protobuf `Struct` for every resource, and the pack's shared
 * snapshot (`./adapter.ts`) would never be shared.
 *
 * The server looks the function up on the module object at each call
 * (`deserialize_1.deserializeProperties(...)`), so replacing the export memoizes it for the whole
 * server: keyed by the identity of the request's `Struct` (protobuf caches the wrapper, so
 * `req.getProperties()` returns the same object for one request), in a WeakMap that lets it go with
 * the request.
 *
 * The trade-off: the SDK gives each policy its own deserialized object, so one policy writing into
 * `args.props` could not affect the next; with the memo, the policies of a request share one object
 * (each still gets its own proxy). That is safe for this pack only because no OutcomeGuard policy
 * writes into `args.props`: the adapter only reads it, into frozen snapshots
 * (`test/policies/sdk-fast-path.test.ts` checks the object is unchanged after every policy, and that
 * the diagnostics are identical with and without the memo). Only the `proxySecrets === false` form
 * (what Analyze, AnalyzeStack and providers use) is memoized; remediation's secret-preserving form
 * is left alone. If the module does not have the expected shape (another @pulumi/policy version),
 * nothing is changed and the pack works as before, only slower.
 */

type Deserialize = (struct: unknown, proxySecrets?: boolean) => unknown;

const MEMOIZED = Symbol.for("outcomeguard.memoizedDeserializeProperties");

/**
 * Memoize `deserializeProperties` on @pulumi/policy's `deserialize` module object. Returns a
 * function that restores the original, or undefined when the module is not as expected (nothing is
 * changed then).
 */
export function memoizeDeserializeProperties(mod: unknown): (() => void) | undefined {
  if (mod === null || typeof mod !== "object") return undefined;
  const exportsObject = mod as Record<string, unknown>;
  const original = exportsObject.deserializeProperties;
  if (typeof original !== "function" || original.length !== 2) return undefined;
  if ((original as unknown as Record<symbol, unknown>)[MEMOIZED] === true) return undefined;
  if (typeof exportsObject.serializeProperties !== "function") return undefined;
  const descriptor = Object.getOwnPropertyDescriptor(exportsObject, "deserializeProperties");
  if (!descriptor || !("value" in descriptor) || !descriptor.writable) return undefined;

  const deserialize = original as Deserialize;
  const memo = new WeakMap<object, unknown>();
  const memoized = function deserializeProperties(struct: unknown, proxySecrets?: boolean) {
    if (proxySecrets !== false || struct === null || typeof struct !== "object") {
      return deserialize(struct, proxySecrets);
    }
    if (memo.has(struct)) return memo.get(struct);
    const value = deserialize(struct, proxySecrets);
    memo.set(struct, value);
    return value;
  };
  Object.defineProperty(memoized, MEMOIZED, { value: true });
  exportsObject.deserializeProperties = memoized;
  return () => {
    if (exportsObject.deserializeProperties === memoized) {
      exportsObject.deserializeProperties = original;
    }
  };
}
