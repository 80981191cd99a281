// Drive Neo4j Browser in Debian's headless Chromium: connect over Bolt (auth off), let the
// post-connect command apply browser/tifa.grass, run a table query and a graph query, and
// print what the visualisation shows (node and relationship captions) as JSON; save a
// screenshot.
// Usage: node browser.mjs HTTP_URL BOLT_URL SCREENSHOT.png TABLE_QUERY GRAPH_QUERY
import { chromium } from 'playwright-core';

const [httpUrl, boltUrl, shot, tableQuery, graphQuery] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
const log = (...a) => console.error(...a);

async function run(query) {
  const editor = page.locator('#monaco-main-editor textarea, .monaco-editor textarea').first();
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await editor.fill(query);
  await page.keyboard.press('Control+Enter');
}

try {
  const url = `${httpUrl}/browser/?dbms=${encodeURIComponent(boltUrl)}&preselectAuthMethod=NO_AUTH`;
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  // With auth off the Browser connects by itself and runs the post-connect command, the
  // :style of browser/tifa.grass: its frame is the sign that Bolt is connected.
  await page.getByText(':style {', { exact: false }).first().waitFor({ timeout: 90000 });
  log('connected, style applied');
  await page.waitForTimeout(1500);
  await run(tableQuery);
  await page.locator('[data-testid="frame"]').first().waitFor({ timeout: 30000 });
  await page.waitForTimeout(2500);
  await run(graphQuery);
  await page.locator('svg .node').first().waitFor({ timeout: 60000 });
  await page.waitForTimeout(4000);  // let the force layout settle
  const nodes = await page.locator('svg .node').evaluateAll((els) => els.map((el) => ({
    classes: el.getAttribute('class') || '',
    caption: Array.from(el.querySelectorAll('text')).map((t) => t.textContent).join(''),
    fill: (el.querySelector('circle') || {}).getAttribute ? el.querySelector('circle').getAttribute('fill') : null,
  })));
  const relationships = await page.locator('svg .relationship').evaluateAll((els) => els.map(
    (el) => ({ caption: Array.from(el.querySelectorAll('text')).map((t) => t.textContent).join('') })));
  const frame = page.locator('[data-testid="frame"]').first();
  await frame.screenshot({ path: shot });
  console.log(JSON.stringify({ nodes, relationships }));
} finally {
  await browser.close();
}
