/** Splits a path template such as `/v1/models/{model}` into literal and `{param}` segments. */
export function compilePathTemplate(template: string): (pathname: string) => Record<string, string> | null {
  const parts = template.split("/");
  return (pathname) => {
    const segments = pathname.split("/");
    if (segments.length !== parts.length) return null;
    const params: Record<string, string> = {};
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as string;
      const segment = segments[i] as string;
      const name = /^\{(.+)\}$/.exec(part)?.[1];
      if (name === undefined) {
        if (part !== segment) return null;
      } else {
        if (segment === "") return null;
        params[name] = safeDecode(segment);
      }
    }
    return params;
  };
}

/** How specific a template is: literal segments outrank parameters when two templates match. */
export function templateSpecificity(template: string): number {
  return template.split("/").filter((part) => part !== "" && !part.startsWith("{")).length;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
