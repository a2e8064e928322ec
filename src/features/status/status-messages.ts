/** Sentences of `status` beyond the card's own labels. */
export const statusMessages = {
  registrationDuringScan: (who: string) =>
    `${who}'s MFA registration report row isn't shown: the running scan is reading the report and hasn't reached them yet (Registered comes from their live methods).`,
};
