import { CONTOSO } from '../../src/simulator/seed/contoso';
import { startTestBot, type TestBot } from '../helpers/test-bot';
import { cardWith, hasChromium, launchBrowser, openChat, say, shot, startPlayground, type Playground } from './playground-harness';
import type { Browser, Page } from 'playwright-core';

// Browser tests need Debian's chromium (.ci/run installs it). Without it they are reported as skipped, not passed.
const describeBrowser = hasChromium ? describe : describe.skip;

describeBrowser('chatting in Microsoft 365 Agents Playground (real client, headless Chromium)', () => {
  let t: TestBot;
  let playground: Playground;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    t = await startTestBot({
      env: { HELPDESK_GROUP_ID: CONTOSO.groups.helpdesk, APPROVER_GROUP_ID: CONTOSO.groups.approvers, LOG_LEVEL: 'info' },
    });
    playground = await startPlayground(t.bot.url, 'hank');
    browser = await launchBrowser();
    page = await openChat(browser, playground);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await playground?.close();
    await t?.close();
  });

  it('help lists the commands', async () => {
    await say(page, 'help');
    const card = await cardWith(page, 'Identity incident response in Teams');
    await card.scrollIntoViewIfNeeded();
    await shot(page, '01-help');
    await expect(card.innerText()).resolves.toMatch(/tap <user> <reason>/);
  });

  it('status alice renders her card with her methods', async () => {
    await say(page, 'status alice');
    const card = await cardWith(page, 'alice@contoso.example');
    await card.scrollIntoViewIfNeeded();
    await shot(page, '02-status-alice');
    const text = await card.innerText();
    expect(text).toMatch(/Microsoft Authenticator/);
    expect(text).toMatch(/Phone \(mobile\)/);
    expect(text).toMatch(/Lockout risk: no/);
  });

  it('status nina shows the lockout risk and the way out', async () => {
    await say(page, 'status nina');
    const card = await cardWith(page, 'nina@contoso.example');
    await card.scrollIntoViewIfNeeded();
    await shot(page, '03-status-nina');
    await expect(card.innerText()).resolves.toMatch(/Lockout risk: YES/);
  });

  it('a command without its argument explains the usage, placeholders visible', async () => {
    await say(page, 'status');
    const reply = page.locator('p', { hasText: 'Usage:' }).last();
    await reply.waitFor();
    await shot(page, '04-usage');
    await expect(reply.innerText()).resolves.toContain('status <user>');
  });
});
