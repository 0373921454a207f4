/** The tracker never throws at the host page (STYLE rule 8): every entry point goes through `safe`. */

export const warn = (...reason: unknown[]): void => console.warn('firn:', ...reason);

/** An ignored call: a warning with the reason, kept short since every character ships. */
export const ignored = (reason: string): void => warn('ignored,', reason);

/** Wraps an entry point so that an exception becomes a console warning instead of the host page's problem. */
export const safe =
  <A extends unknown[]>(f: (...args: A) => void) =>
  (...args: A): void => {
    try {
      f(...args);
    } catch (e) {
      warn(e);
    }
  };
