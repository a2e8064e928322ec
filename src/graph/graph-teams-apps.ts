import { GraphFailure } from '../domain/errors';
import { odataString, pathSegment } from '../domain/odata';
import { graphMessages } from './graph-messages';
import type { TeamsApps } from '../ports/teams-apps';
import type { GraphGateway } from './graph-gateway';

/**
 * The TeamsApps port over Graph, three calls in the Teams bucket for someone who never had the bot
 * (learn.microsoft.com/microsoftteams/platform/graph-api/proactive-bots-and-messages/graph-proactive-bots-and-messages):
 * 1. install it in their personal scope (201, or 409 when it already is), 2. find that installation,
 * 3. read its chat, whose id is the Bot Connector conversation id.
 */
export class GraphTeamsApps implements TeamsApps {
  constructor(private readonly graph: GraphGateway) {}

  async openPersonalChat(userId: string, catalogAppId: string): Promise<string> {
    const base = `/users/${pathSegment(userId)}/teamwork/installedApps`;
    try {
      await this.graph.request({
        part: 'the installation of the bot for a recipient',
        method: 'POST',
        path: base,
        body: { 'teamsApp@odata.bind': `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${encodeURIComponent(catalogAppId)}` },
      });
    } catch (e) {
      // Already installed for them: the installation is there to be found.
      if (!(e instanceof GraphFailure && e.status === 409)) throw e;
    }
    const found = await this.graph.request<{ value?: Array<{ id?: string }> }>({
      part: "a recipient's installation of the bot",
      path: base,
      query: { $expand: 'teamsApp', $filter: `teamsApp/id eq ${odataString(catalogAppId)}` },
    });
    const installationId = found.value?.[0]?.id;
    if (!installationId) throw notFound("a recipient's installation of the bot", 'InstallationNotFound');
    const chat = await this.graph.request<{ id?: string }>({
      part: "a recipient's chat with the bot",
      path: `${base}/${pathSegment(installationId)}/chat`,
    });
    if (!chat.id) throw notFound("a recipient's chat with the bot", 'ChatNotFound');
    return chat.id;
  }
}

const notFound = (part: string, code: string) => new GraphFailure('GRAPH_NOT_FOUND', part, 404, code, graphMessages.notFound(part));
