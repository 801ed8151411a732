// vanilla-cookieconsent's config on the comparison page: its own first-layer and preferences
// texts (it ships no texts of its own) and two categories. hideFromBots is off because its
// default hides the banner from automated browsers such as the benchmark's. Read by
// test/bench/widget.bench.ts (served as /cc-init.js) and the size budget (test/worker/routes).
CookieConsent.run({
  hideFromBots: false,
  categories: { necessary: { enabled: true, readOnly: true }, analytics: {} },
  language: {
    default: "en",
    translations: {
      en: {
        consentModal: {
          title: "We use cookies",
          description: "Cookie modal description",
          acceptAllBtn: "Accept all",
          acceptNecessaryBtn: "Reject all",
          showPreferencesBtn: "Manage preferences",
        },
        preferencesModal: {
          title: "Preferences",
          acceptAllBtn: "Accept all",
          acceptNecessaryBtn: "Reject all",
          savePreferencesBtn: "Save",
          sections: [
            { title: "Necessary", description: "Needed", linkedCategory: "necessary" },
            { title: "Analytics", description: "Counts", linkedCategory: "analytics" },
          ],
        },
      },
    },
  },
});
