/**
 * The referer table: which referring hosts are search engines, social networks or webmail, and
 * which query parameter carries the search terms. Written for Firn from the services' own public
 * URL formats (Apache-2.0, like the rest of Firn); it is deliberately not derived from Piwik's or
 * Snowplow's referers.yml, which is GPL-3.0. Compiled into the parser by wasm/gen.ts.
 *
 * `domains` match the referrer host exactly, or any parent of it (`news.google.com` → `google.com`
 * is tried after the full host), optionally with a path prefix (`bing.com/images`). A domain
 * written `name.*` matches `name.` followed by a public suffix of one or two short labels
 * (`google.de`, `google.co.uk`, `google.com.au`).
 */
export type RefererMedium = 'search' | 'social' | 'email';

export interface RefererSource {
  readonly medium: RefererMedium;
  readonly source: string;
  readonly domains: readonly string[];
  /** Query parameters holding the search terms, in priority order (search engines only). */
  readonly params?: readonly string[];
}

export const REFERERS: readonly RefererSource[] = [
  // Webmail first: their hosts sit under search engines' domains (mail.google.com).
  { medium: 'email', source: 'Gmail', domains: ['mail.google.com', 'inbox.google.com'] },
  { medium: 'email', source: 'Outlook.com', domains: ['outlook.live.com', 'outlook.office.com', 'outlook.office365.com', 'mail.live.com', 'hotmail.com'] },
  { medium: 'email', source: 'Yahoo! Mail', domains: ['mail.yahoo.com', 'mail.yahoo.co.jp'] },
  { medium: 'email', source: 'AOL Mail', domains: ['mail.aol.com'] },
  { medium: 'email', source: 'Proton Mail', domains: ['mail.proton.me', 'mail.protonmail.com'] },
  { medium: 'email', source: 'iCloud Mail', domains: ['icloud.com/mail', 'www.icloud.com/mail'] },
  { medium: 'email', source: 'Yandex Mail', domains: ['mail.yandex.ru', 'mail.yandex.com'] },
  { medium: 'email', source: 'Mail.ru', domains: ['e.mail.ru'] },
  { medium: 'email', source: 'GMX', domains: ['gmx.net', 'gmx.com', 'gmx.de', 'gmx.at', 'gmx.ch'] },
  { medium: 'email', source: 'Web.de', domains: ['web.de'] },
  { medium: 'email', source: 'Zoho Mail', domains: ['mail.zoho.com', 'mail.zoho.eu'] },
  { medium: 'email', source: 'Fastmail', domains: ['fastmail.com', 'app.fastmail.com'] },

  { medium: 'search', source: 'Google', domains: ['google.*', 'googleadservices.com'], params: ['q', 'query', 'as_q'] },
  { medium: 'search', source: 'Google Images', domains: ['images.google.*'], params: ['q'] },
  { medium: 'search', source: 'Bing', domains: ['bing.com', 'www.bing.com', 'cn.bing.com'], params: ['q', 'Q'] },
  { medium: 'search', source: 'Bing Images', domains: ['bing.com/images', 'www.bing.com/images'], params: ['q', 'Q'] },
  { medium: 'search', source: 'Yahoo!', domains: ['search.yahoo.com', 'yahoo.com'], params: ['p', 'q'] },
  { medium: 'search', source: 'DuckDuckGo', domains: ['duckduckgo.com', 'html.duckduckgo.com', 'lite.duckduckgo.com'], params: ['q'] },
  { medium: 'search', source: 'Yandex', domains: ['yandex.*', 'ya.ru'], params: ['text'] },
  { medium: 'search', source: 'Baidu', domains: ['baidu.com', 'www.baidu.com', 'm.baidu.com'], params: ['wd', 'word', 'kw'] },
  { medium: 'search', source: 'Ecosia', domains: ['ecosia.org', 'www.ecosia.org'], params: ['q'] },
  { medium: 'search', source: 'Qwant', domains: ['qwant.com', 'www.qwant.com', 'lite.qwant.com'], params: ['q'] },
  { medium: 'search', source: 'Startpage', domains: ['startpage.com', 'www.startpage.com'], params: ['query', 'q'] },
  { medium: 'search', source: 'Brave Search', domains: ['search.brave.com'], params: ['q'] },
  { medium: 'search', source: 'Ask', domains: ['ask.com', 'www.ask.com'], params: ['q', 'ask'] },
  { medium: 'search', source: 'AOL', domains: ['search.aol.com', 'search.aol.co.uk'], params: ['q', 'query'] },
  { medium: 'search', source: 'InfoSpace', domains: ['metacrawler.com', 'dogpile.com', 'webcrawler.com', 'infospace.com'], params: ['q', 's'] },
  { medium: 'search', source: 'Naver', domains: ['search.naver.com', 'naver.com'], params: ['query'] },
  { medium: 'search', source: 'Daum', domains: ['search.daum.net'], params: ['q'] },
  { medium: 'search', source: 'Seznam', domains: ['search.seznam.cz', 'seznam.cz'], params: ['q'] },
  { medium: 'search', source: 'Sogou', domains: ['sogou.com', 'www.sogou.com', 'm.sogou.com'], params: ['query', 'keyword'] },
  { medium: 'search', source: '360 Search', domains: ['so.com', 'www.so.com'], params: ['q'] },
  { medium: 'search', source: 'Kagi', domains: ['kagi.com'], params: ['q'] },
  { medium: 'search', source: 'Mojeek', domains: ['mojeek.com', 'www.mojeek.com'], params: ['q'] },
  { medium: 'search', source: 'Swisscows', domains: ['swisscows.com'], params: ['query'] },
  { medium: 'search', source: 'Yahoo! Japan', domains: ['search.yahoo.co.jp'], params: ['p'] },
  { medium: 'search', source: 'Rambler', domains: ['nova.rambler.ru'], params: ['query'] },
  { medium: 'search', source: 'Mail.ru', domains: ['go.mail.ru'], params: ['q'] },
  { medium: 'search', source: 'Petal Search', domains: ['petalsearch.com'], params: ['query'] },
  { medium: 'search', source: 'Lilo', domains: ['search.lilo.org'], params: ['q'] },

  { medium: 'social', source: 'Facebook', domains: ['facebook.com', 'm.facebook.com', 'l.facebook.com', 'lm.facebook.com', 'fb.me', 'fb.com'] },
  { medium: 'social', source: 'Instagram', domains: ['instagram.com', 'l.instagram.com'] },
  { medium: 'social', source: 'Threads', domains: ['threads.net', 'threads.com'] },
  { medium: 'social', source: 'Twitter', domains: ['twitter.com', 't.co', 'x.com', 'mobile.twitter.com'] },
  { medium: 'social', source: 'LinkedIn', domains: ['linkedin.com', 'lnkd.in'] },
  { medium: 'social', source: 'Reddit', domains: ['reddit.com', 'old.reddit.com', 'out.reddit.com'] },
  { medium: 'social', source: 'Pinterest', domains: ['pinterest.com', 'pin.it', 'pinterest.*'] },
  { medium: 'social', source: 'YouTube', domains: ['youtube.com', 'm.youtube.com', 'youtu.be'] },
  { medium: 'social', source: 'TikTok', domains: ['tiktok.com'] },
  { medium: 'social', source: 'Snapchat', domains: ['snapchat.com'] },
  { medium: 'social', source: 'Tumblr', domains: ['tumblr.com', 't.umblr.com'] },
  { medium: 'social', source: 'Quora', domains: ['quora.com'] },
  { medium: 'social', source: 'Hacker News', domains: ['news.ycombinator.com'] },
  { medium: 'social', source: 'Bluesky', domains: ['bsky.app', 'go.bsky.app'] },
  { medium: 'social', source: 'Mastodon', domains: ['mastodon.social', 'mastodon.online', 'mstdn.social'] },
  { medium: 'social', source: 'VKontakte', domains: ['vk.com', 'm.vk.com'] },
  { medium: 'social', source: 'Odnoklassniki', domains: ['ok.ru'] },
  { medium: 'social', source: 'Weibo', domains: ['weibo.com', 'weibo.cn', 't.cn'] },
  { medium: 'social', source: 'Xing', domains: ['xing.com'] },
  { medium: 'social', source: 'WhatsApp', domains: ['web.whatsapp.com', 'wa.me'] },
  { medium: 'social', source: 'Telegram', domains: ['t.me', 'web.telegram.org'] },
  { medium: 'social', source: 'Discord', domains: ['discord.com', 'discordapp.com'] },
  { medium: 'social', source: 'Slack', domains: ['slack.com', 'app.slack.com'] },
  { medium: 'social', source: 'GitHub', domains: ['github.com'] },
  { medium: 'social', source: 'Stack Overflow', domains: ['stackoverflow.com'] },
  { medium: 'social', source: 'Medium', domains: ['medium.com'] },
  { medium: 'social', source: 'Substack', domains: ['substack.com'] },
  { medium: 'social', source: 'Flipboard', domains: ['flipboard.com'] },
  { medium: 'social', source: 'Line', domains: ['line.me'] },
];
