import restify from 'restify';
import { Application, TeamsAdapter, type TurnState } from '@microsoft/teams-ai';
import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import { createGraphClient } from '../src/graph/create-graph-client';

/**
 * The practical floor for `status`: teams-ai and the Graph client doing the least a lookup can do: search
 * the user, read their methods, reply with a small card. No helpdesk check, no budget, no store.
 */
export async function startMinimalBot(graphBaseUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const graph = createGraphClient(graphBaseUrl, undefined);
  const adapter = new TeamsAdapter({});
  const app = new Application<TurnState>({ adapter, startTypingTimer: false });
  app.message(/^status /i, async (context: TurnContext) => {
    const term = String(context.activity.text).slice('status '.length).trim().replace(/'/g, "''");
    const found = (await graph
      .api('/users')
      .filter(`startswith(displayName,'${term}') or startswith(userPrincipalName,'${term}')`)
      .select('id,displayName,userPrincipalName')
      .top(2)
      .get()) as { value: Array<{ id: string; displayName: string; userPrincipalName: string }> };
    const user = found.value[0];
    if (!user) return void (await context.sendActivity('not found'));
    const methods = (await graph.api(`/users/${user.id}/authentication/methods`).get()) as { value: Array<{ '@odata.type': string }> };
    const card = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        { type: 'TextBlock', text: user.displayName, weight: 'Bolder' },
        { type: 'TextBlock', text: methods.value.map((m) => m['@odata.type'].replace('#microsoft.graph.', '')).join(', '), wrap: true },
      ],
    };
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  });
  const server = restify.createServer();
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => app.run(context).then(() => undefined));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
