import { TeamsAdapter } from '@microsoft/teams-ai';
import type { ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import type { Config } from '../config';

/** jsonwebtoken's failures; botbuilder rethrows them as plain errors, which CloudAdapter turns into 500. */
const JWT_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

/** A forged or malformed token is the caller's fault: answer 401, not 500. */
class StrictAuthTeamsAdapter extends TeamsAdapter {
  // processActivity is overloaded (an auth header, or an auth result); the arguments pass through untouched.
  /* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument */
  override async processActivity(...args: [any, any, any]): Promise<any> {
    try {
      return await super.processActivity(...args);
      /* eslint-enable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument */
    } catch (err) {
      if (err instanceof Error && JWT_ERRORS.has(err.name)) throw new AuthenticationError(`Unauthorized: ${err.message}`, 401);
      throw err;
    }
  }
}

/**
 * The Bot Framework adapter. With BOT_ID set, botbuilder validates every inbound JWT (issuer, audience,
 * expiry, signing key, serviceurl claim, channel endorsement) and answers 401 otherwise.
 * With no BOT_ID it accepts anonymous traffic, which config only allows on loopback.
 */
export function createAdapter(config: Config): TeamsAdapter {
  const auth: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: config.BOT_ID ?? '',
    MicrosoftAppPassword: config.BOT_PASSWORD ?? '',
    MicrosoftAppType: config.BOT_TYPE,
    MicrosoftAppTenantId: config.BOT_TENANT_ID ?? '',
  };
  if (config.BOT_OPENID_METADATA) auth.BotOpenIdMetadata = config.BOT_OPENID_METADATA;
  if (config.BOT_TOKEN_ISSUER) auth.ToBotFromChannelTokenIssuer = config.BOT_TOKEN_ISSUER;
  return new StrictAuthTeamsAdapter(auth);
}
