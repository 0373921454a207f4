/**
 * The demo site: a few pages carrying the standard async snippet, pointed at the local collector.
 * What a site owner pastes into their own pages is exactly the `<script>` part.
 */
const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function demoPage(title: string, collectorUrl: string, links: readonly (readonly [href: string, text: string])[], playgroundUrl: string): string {
  const collector = JSON.stringify(collectorUrl);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<script>
window.firn = window.firn || function () { (firn.q = firn.q || []).push(arguments) };
firn('newTracker', 'sp', ${collector}, { appId: 'firn-demo' });
firn('trackPageView');
</script>
<script async src=${JSON.stringify(collectorUrl + '/firn.js')}></script>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}code{background:#f3f3f3;padding:0 .2em}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>This page carries the Firn tracker. Each visit sends a page view to the collector at <code>${escapeHtml(collectorUrl)}</code>,
which logs it like CloudFront; the ETL turns the logs into events after each rotation.</p>
<ul>${links.map(([href, text]) => `<li><a href="${escapeHtml(href)}">${escapeHtml(text)}</a></li>`).join('')}</ul>
<p><a href="${escapeHtml(playgroundUrl)}">Open the playground</a> and run SQL over the events.</p>
</body>
</html>
`;
}
