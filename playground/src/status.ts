/**
 * The status line and the task queue behind it. Tasks run one at a time, so a query never
 * sees a half-loaded lake, and every failure ends as a message on the page, never a crash.
 *
 * For tests, `#status` carries `data-state` (`busy` | `ready` | `error`) and `data-done`, the
 * number of finished tasks: a spec reads `data-done`, acts, and waits for it to grow.
 */

/** A task reports progress through `note` and resolves to its success line. */
export type Task = (note: (text: string) => void) => Promise<string>;

export type State = 'busy' | 'ready' | 'error';

export interface Status {
  enqueue(task: Task): Promise<void>;
  /** Shows an error that happened outside a task (a stray rejection). */
  fail(error: unknown): void;
}

/** DuckDB's errors are already sentences ("Parser Error: syntax error at or near …"). */
export const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function createStatus(el: HTMLElement): Status {
  let done = 0;
  let chain = Promise.resolve();
  const show = (state: State, text: string): void => {
    el.dataset['state'] = state;
    el.textContent = text;
  };
  return {
    enqueue(task) {
      chain = chain.then(async () => {
        show('busy', 'Working…');
        try {
          show('ready', await task((text) => show('busy', text)));
        } catch (e) {
          show('error', `Error: ${message(e)}`);
        }
        el.dataset['done'] = String(++done);
      });
      return chain;
    },
    fail: (error) => show('error', `Error: ${message(error)}`),
  };
}
