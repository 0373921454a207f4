/**
 * The peak RSS of a child process, threads included, for the memory test and the ETL bench.
 *
 * Read from VmHWM in /proc/self/status at exit, not `process.resourceUsage().maxRSS`: Linux keeps
 * ru_maxrss across execve, so a child spawned by a large parent (vitest, the bench after its
 * parser section) reported the parent's size instead of its own — 600 MB for an ETL of 180.
 * VmHWM belongs to the address space, which execve replaces.
 */
const HOOK = 'import{readFileSync}from"node:fs";process.on("exit",()=>process.stderr.write("\\npeak_rss_kb "+/VmHWM:\\s*(\\d+)/.exec(readFileSync("/proc/self/status","utf8"))[1]+"\\n"))';

/** Pass as `node --import <this>`: the child prints its peak on stderr as it exits. */
export const PEAK_RSS_HOOK = `data:text/javascript,${encodeURIComponent(HOOK)}`;

/** The peak the hook printed, in KiB; NaN when it printed none. */
export function peakRssKb(stderr: string): number {
  return Number(/peak_rss_kb (\d+)/.exec(stderr)?.[1] ?? NaN);
}
