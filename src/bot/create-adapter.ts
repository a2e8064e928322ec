import { TeamsAdapter } from '@microsoft/teams-ai';
import type { ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import type { Config } from '../config';

/**
 * The Bot Framework adapter. With BOT_ID set, botbuilder validates every inbound JWT (issuer, audience,
 * expiry, signing key, serviceurl claim, channel endorsement) and answers 401 otherwise.
 * With no BOT_ID it accepts anonymous traffic, which index.ts only allows on loopback.
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
  return new TeamsAdapter(auth);
}
