/**
 * A Server-Sent Events reader over a fetch body (Node has no EventSource before 22): splits the
 * stream into events by the blank line, keeps `event`, `id` and the joined `data` lines, and
 * skips comments.
 */

export interface ServerEvent {
  /** `message` when the server named none. */
  readonly type: string;
  readonly id: string | null;
  readonly data: string;
}

export async function readEvents(body: AsyncIterable<Uint8Array>, onEvent: (event: ServerEvent) => void): Promise<void> {
  const decoder = new TextDecoder();
  let pending = '';
  let type = '';
  let id: string | null = null;
  let data: string[] = [];
  const line = (text: string): void => {
    if (text === '') {
      if (data.length > 0) onEvent({ type: type || 'message', id, data: data.join('\n') });
      type = '';
      data = [];
      return;
    }
    if (text.startsWith(':')) return; // comment: connection notes and keep-alives
    const colon = text.indexOf(':');
    const name = colon < 0 ? text : text.slice(0, colon);
    const value = colon < 0 ? '' : text.slice(colon + 1).replace(/^ /, '');
    if (name === 'event') type = value;
    else if (name === 'data') data.push(value);
    else if (name === 'id') id = value;
  };
  for await (const chunk of body) {
    pending += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = pending.indexOf('\n')) >= 0) {
      line(pending.slice(0, end).replace(/\r$/, ''));
      pending = pending.slice(end + 1);
    }
  }
}
