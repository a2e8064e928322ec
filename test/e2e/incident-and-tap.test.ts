import { CONTOSO } from '../../src/simulator/seed/contoso';
import { startTestBot, type TestBot } from '../helpers/test-bot';
import {
  cardWith,
  hasChromium,
  postInChannel,
  launchBrowser,
  openChat,
  openConversation,
  say,
  shot,
  startPlayground,
  type Playground,
} from './playground-harness';
import type { Browser, Page } from 'playwright-core';

const describeBrowser = hasChromium ? describe : describe.skip;

describeBrowser('incidents and TAP approvals in Microsoft 365 Agents Playground', () => {
  let t: TestBot;
  let hankPlayground: Playground;
  let mariaPlayground: Playground;
  let browser: Browser;
  let hank: Page;
  let maria: Page;

  beforeAll(async () => {
    t = await startTestBot({
      simOptions: { incidentOpen: true },
      env: {
        HELPDESK_GROUP_ID: CONTOSO.groups.helpdesk,
        APPROVER_GROUP_ID: CONTOSO.groups.approvers,
        POLL_INTERVAL_SECONDS: '3600',
        LOG_LEVEL: 'info',
      },
      start: { poller: { start: false } },
    });
    hankPlayground = await startPlayground(t.bot.url, 'hank');
    mariaPlayground = await startPlayground(t.bot.url, 'maria');
    browser = await launchBrowser();
    [hank, maria] = await Promise.all([openChat(browser, hankPlayground), openChat(browser, mariaPlayground)]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await hankPlayground?.close();
    await mariaPlayground?.close();
    await t?.close();
  });

  it('health shows the demo MFA incident', async () => {
    await say(hank, 'health');
    const card = await cardWith(hank, CONTOSO.outageIssueId);
    await card.scrollIntoViewIfNeeded();
    await shot(hank, '05-health');
    await expect(card.innerText()).resolves.toMatch(/Users can't set up MFA or access My Sign-Ins/);
  });

  it('subscribe in a channel, then Microsoft posts an update and it appears there', async () => {
    await openConversation(hank, 'Identity incidents');
    await postInChannel(hank, 'subscribe');
    await hank
      .getByText(/Subscribed/)
      .last()
      .waitFor();
    await t.bot.poller.tick(); // the already-open incident is posted to the new subscriber
    await cardWith(hank, CONTOSO.outageIssueId);
    t.sim.timeline.advance(); // Microsoft posts an update
    await t.bot.poller.tick();
    const update = await cardWith(hank, /update from Microsoft/);
    await update.scrollIntoViewIfNeeded();
    // The reply carries the newest post Microsoft made, as readable text.
    const issue = t.sim.tenant.findIssue(CONTOSO.outageIssueId)!;
    const newest = issue.posts[issue.posts.length - 1].description.content;
    const status = /Current status:([^<]{10,60})/.exec(newest)![1].trim().slice(0, 40);
    await expect(update.innerText()).resolves.toContain(status);
    await shot(hank, '06-channel-incident-update');
  });

  it('tap: the manager approves in her card, the requester sees the code, the cards show approved without it', async () => {
    // Maria has the bot in her personal chat (as anyone who installed it does).
    await say(maria, 'help');
    await cardWith(maria, 'status <user>');

    await openConversation(hank, 'Personal Chat');
    await say(hank, 'tap nina starting today, nothing registered yet');
    await hank
      .locator('p', { hasText: /I asked Maria Manager to approve/ })
      .last()
      .waitFor({ timeout: 15_000 });
    await shot(hank, '07-tap-requested');

    const approval = await cardWith(maria, 'Nina Newhire');
    await approval.scrollIntoViewIfNeeded();
    await shot(maria, '08-tap-approval-card');
    await approval.getByRole('button', { name: 'Approve' }).click();
    const approved = await cardWith(maria, /Approved by Maria Manager/);
    await approved.scrollIntoViewIfNeeded();
    await shot(maria, '09-tap-approved-approver-view');

    const code = passCode();
    const pass = hank.locator('p', { hasText: 'Temporary Access Pass for' }).last();
    await pass.waitFor({ timeout: 15_000 });
    await pass.scrollIntoViewIfNeeded();
    await shot(hank, '10-tap-code-for-requester');
    await expect(hank.locator('body').innerText()).resolves.toContain(code);
    // The approver's view never shows the code.
    await expect(maria.locator('body').innerText()).resolves.not.toContain(code);
  });

  /** The code Graph (the simulator) minted for Nina; the bot never stored it anywhere we could read. */
  function passCode(): string {
    const tap = t.sim.tenant.methodsOf(t.sim.tenant.findUser(CONTOSO.users.nina.id)!).find((m) => m.kind === 'temporaryAccessPass');
    expect(tap?.temporaryAccessPass).toEqual(expect.any(String));
    expect(t.logs.join('\n')).not.toContain(tap!.temporaryAccessPass);
    return tap!.temporaryAccessPass!;
  }
});
