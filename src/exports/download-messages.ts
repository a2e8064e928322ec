/** What someone opening an export link reads when it can't be served. */
export const downloadMessages = {
  downloadExpired: () => 'This download link has expired. Run `audit` again in Teams for a new one.',
  downloadInvalid: () => 'This download link is not valid.',
  downloadCannotCheck: () => "I can't confirm you're still in the helpdesk group right now. Try again in a few minutes.",
  downloadNotHelpdesk: () => 'This download is only for members of the helpdesk group.',
};
