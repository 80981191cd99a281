// Open a local HTML page in Debian's headless Chromium and report which fonts draw its text:
// for each CSS selector, the fonts Chromium used for the first matching element (DevTools
// CSS.getPlatformFontsForNode: family, custom web font or not, glyphs drawn), and whether
// distinct Chinese characters come out as distinct glyphs (canvas pixels; tofu boxes are all
// the same). Prints one JSON line; saves a screenshot of the page (scrolled to the element
// the environment variable SHOT_AT selects, if set).
// Usage: node fonts.mjs PAGE.html SCREENSHOT.png CHARS SELECTOR...
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';

const [page_, shot, chars, ...selectors] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const fetched = [];
  page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) fetched.push(r.url()); });
  await page.goto(pathToFileURL(page_).href, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
  const fonts = {};
  for (const sel of selectors) {
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: sel });
    fonts[sel] = nodeId ? (await cdp.send('CSS.getPlatformFontsForNode', { nodeId })).fonts : null;
  }
  const glyphs = await page.evaluate((text) => {
    const family = getComputedStyle(document.body).fontFamily;
    const canvas = document.createElement('canvas');
    canvas.width = 40; canvas.height = 40;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    const seen = new Set();
    for (const ch of text) {
      ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, 40, 40);
      ctx.fillStyle = '#000'; ctx.font = `32px ${family}`; ctx.fillText(ch, 2, 34);
      seen.add(Array.from(ctx.getImageData(0, 0, 40, 40).data).join(','));
    }
    return { family, chars: [...text].length, distinct: seen.size };
  }, chars);
  if (process.env.SHOT_AT) {
    await page.locator(process.env.SHOT_AT).first().evaluate((el) => el.scrollIntoView());
  }
  await page.screenshot({ path: shot });
  console.log(JSON.stringify({ fonts, glyphs, fetched }));
} finally {
  await browser.close();
}
