// Routes live in a tree of Maps keyed by path segment, so matching costs one Map lookup per
// segment whatever the number of routes. A node that exists without the method is a 405.

interface RouteNode<T> {
  children: Map<string, RouteNode<T>>;
  param: { name: string; node: RouteNode<T> } | null;
  methods: Map<string, T>;
}

/** The outcome of matching a request against the router. */
type RouteMatch<T> =
  | { kind: "found"; value: T; params: Record<string, string> }
  | { kind: "method_not_allowed"; allow: string[] }
  | { kind: "not_found" };

const newNode = <T>(): RouteNode<T> => ({ children: new Map(), param: null, methods: new Map() });

/** A method + path router; patterns use `:name` for a segment parameter (`/v1/keys/:id/roll`). */
export class Router<T> {
  private readonly root: RouteNode<T> = newNode();

  add(method: string, pattern: string, value: T): this {
    let node = this.root;
    for (const segment of pattern.split("/").slice(1)) {
      if (segment.startsWith(":")) {
        node.param ??= { name: segment.slice(1), node: newNode() };
        node = node.param.node;
      } else {
        let child = node.children.get(segment);
        if (!child) {
          child = newNode();
          node.children.set(segment, child);
        }
        node = child;
      }
    }
    node.methods.set(method, value);
    return this;
  }

  /** Matches a path as the URL parser left it (`url.pathname`); see `pathSegments`. */
  match(method: string, path: string): RouteMatch<T> {
    return this.matchSegments(method, pathSegments(path));
  }

  /** Matches a path already split by `pathSegments` (the pipeline splits once, for its area and the match). */
  matchSegments(method: string, segments: readonly string[]): RouteMatch<T> {
    let node: RouteNode<T> | undefined = this.root;
    const params: Record<string, string> = {};
    for (const segment of segments) {
      const child: RouteNode<T> | undefined = node.children.get(segment);
      if (child) node = child;
      else if (node.param && segment !== "") {
        params[node.param.name] = segment;
        node = node.param.node;
      } else return { kind: "not_found" };
    }
    if (node.methods.size === 0) return { kind: "not_found" };
    const value = node.methods.get(method);
    if (value === undefined) return { kind: "method_not_allowed", allow: [...node.methods.keys()] };
    return { kind: "found", value, params };
  }
}

/**
 * The one normalisation of a request path, used by every check that reads a path (which pipeline
 * answers it) and by the route match, so a check can never see another path than the route.
 * `pathname` is what the WHATWG URL parser left: dot segments (`..`, `%2e%2e`) already resolved,
 * `\` already `/`. Each segment is percent-decoded once (`%5Fsandbox` is `_sandbox`, either hex
 * case); a decoded `%2F` stays inside its segment (it is data, not a separator); empty segments
 * (`//`) are kept, so they match no route. A malformed escape (`%`) leaves its segment as sent:
 * an unknown id or model, not an unknown path.
 */
export function pathSegments(pathname: string): string[] {
  return pathname
    .split("/")
    .slice(1)
    .map((raw) => {
      if (!raw.includes("%")) return raw;
      try {
        return decodeURIComponent(raw);
      } catch {
        return raw;
      }
    });
}
