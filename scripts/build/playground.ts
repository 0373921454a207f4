/** Placeholder until the playground part lands in this session. */
export async function buildPlayground(): Promise<string> {
  return 'nothing to build yet';
}
