/**
 * The Teams corner of Microsoft Graph the bot uses to reach people who never talked to it: installing the
 * bot for them (TeamsAppInstallation.ReadWriteSelfForUser.All) and reading the 1:1 chat that creates.
 */
export interface TeamsApps {
  /**
   * The id of the 1:1 chat between the user and the app (the Bot Connector conversation id), installing the
   * app in the user's personal scope first when it isn't (Graph's 409 says it already is). `catalogAppId` is
   * the app's id in the org catalog. Throws GraphFailure; a 403 or 404 means this user can't be reached so.
   */
  openPersonalChat(userId: string, catalogAppId: string): Promise<string>;
}
