// The sandbox's own paths, in one place: the transports, the pipeline and the console agree on them.

/** The first path segment of the control plane (sandbox-only, SPEC §5.4). */
export const CONTROL_SEGMENT = "_sandbox";

/** The developer console's page: `<sandbox URL>/_sandbox/console`. */
export const CONSOLE_PATH = `/${CONTROL_SEGMENT}/console`;
