/** Placeholder until the tracker part lands in this session. */
export async function buildTracker(): Promise<string> {
  return 'nothing to build yet';
}
