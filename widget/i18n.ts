/**
 * @module
 * The widget's own texts (buttons, headings, notices) in English, German, French and Spanish.
 * The site's texts (purposes, questions, banner) come from the site config per locale; the widget
 * picks one locale for both (shared/text.ts `pickLocale` over the config's locales), so a visitor
 * never sees two languages mixed. All four are bundled: together they cost well under 1 KiB
 * gzipped (measured by test/widget/size.test.ts), less than a second request would.
 */

/** Every text the widget writes itself. English names of the three banner buttons are fixed. */
export interface WidgetTexts {
  acceptAll: string;
  rejectAll: string;
  customize: string;
  preferences: string;
  save: string;
  close: string;
  purposes: string;
  questions: string;
  alwaysOn: string;
  gpc: string;
  noStorage: string;
  stored: string;
  nothingStored: string;
  download: string;
  withdraw: string;
  deleteData: string;
  deleted: string;
  saved: string;
  noAnswer: string;
  policy: string;
  decided: string;
  expires: string;
  asks: string;
  intro: string;
  show: string;
}

// Size: English as an object keyed by name; the other locales as arrays in the same order, so
// the keys are written once (about 0.3 KiB gzipped less than objects for all four).
const EN: WidgetTexts = {
  acceptAll: "Accept all",
  rejectAll: "Reject all",
  customize: "Customize",
  preferences: "Privacy preferences",
  save: "Save choices",
  close: "Close",
  purposes: "Purposes",
  questions: "Your preferences (optional)",
  alwaysOn: "Always on",
  gpc: "Global Privacy Control is honoured: sale and sharing of data stay off.",
  noStorage: "This browser does not let us keep your choices: they last until you leave this page.",
  stored: "Stored on this device",
  nothingStored: "Nothing is stored on this device.",
  download: "Download as JSON",
  withdraw: "Withdraw consent",
  deleteData: "Delete my data",
  deleted: "Your data was deleted from this device.",
  saved: "Your choices were saved.",
  noAnswer: "No answer",
  policy: "Privacy policy",
  decided: "Decided",
  expires: "Expires",
  asks: "We ask your consent for:",
  intro: "We keep your choices on this device and send nothing until you choose.",
  show: "Show the stored record",
};

/**
 * Compile-time flag (Vite `define`), set only by the size budget's one-locale build
 * (test/widget/size.test.ts); undefined in the shipped build, which has all four locales.
 */
declare const __PF_ONE_LOCALE__: boolean | undefined;

const OTHERS: Record<string, readonly string[]> =
  typeof __PF_ONE_LOCALE__ !== "undefined" && __PF_ONE_LOCALE__
    ? {}
    : {
        de: [
          "Alle akzeptieren",
          "Alle ablehnen",
          "Anpassen",
          "Datenschutzeinstellungen",
          "Auswahl speichern",
          "Schließen",
          "Zwecke",
          "Ihre Vorlieben (freiwillig)",
          "Immer aktiv",
          "Global Privacy Control wird beachtet: Verkauf und Weitergabe von Daten bleiben aus.",
          "Dieser Browser lässt uns Ihre Wahl nicht speichern: Sie gilt, bis Sie die Seite verlassen.",
          "Auf diesem Gerät gespeichert",
          "Auf diesem Gerät ist nichts gespeichert.",
          "Als JSON herunterladen",
          "Einwilligung widerrufen",
          "Meine Daten löschen",
          "Ihre Daten wurden von diesem Gerät gelöscht.",
          "Ihre Auswahl wurde gespeichert.",
          "Keine Angabe",
          "Datenschutzerklärung",
          "Entschieden",
          "Läuft ab",
          "Wir bitten um Ihre Einwilligung für:",
          "Wir speichern Ihre Wahl auf diesem Gerät und senden nichts, bevor Sie wählen.",
          "Gespeicherten Datensatz anzeigen",
        ],
        fr: [
          "Tout accepter",
          "Tout refuser",
          "Personnaliser",
          "Préférences de confidentialité",
          "Enregistrer mes choix",
          "Fermer",
          "Finalités",
          "Vos préférences (facultatif)",
          "Toujours actif",
          "Global Privacy Control est respecté : la vente et le partage de données restent désactivés.",
          "Ce navigateur ne nous permet pas de garder vos choix : ils valent jusqu'à ce que vous quittiez la page.",
          "Stocké sur cet appareil",
          "Rien n'est stocké sur cet appareil.",
          "Télécharger en JSON",
          "Retirer mon consentement",
          "Supprimer mes données",
          "Vos données ont été supprimées de cet appareil.",
          "Vos choix ont été enregistrés.",
          "Sans réponse",
          "Politique de confidentialité",
          "Décidé",
          "Expire",
          "Nous vous demandons votre accord pour :",
          "Vos choix restent sur cet appareil et rien n'est envoyé avant votre décision.",
          "Afficher l'enregistrement",
        ],
        es: [
          "Aceptar todo",
          "Rechazar todo",
          "Personalizar",
          "Preferencias de privacidad",
          "Guardar opciones",
          "Cerrar",
          "Finalidades",
          "Sus preferencias (opcional)",
          "Siempre activo",
          "Se respeta Global Privacy Control: la venta y el intercambio de datos siguen desactivados.",
          "Este navegador no nos deja guardar sus opciones: valen hasta que salga de la página.",
          "Guardado en este dispositivo",
          "No hay nada guardado en este dispositivo.",
          "Descargar como JSON",
          "Retirar el consentimiento",
          "Borrar mis datos",
          "Sus datos se borraron de este dispositivo.",
          "Sus opciones se guardaron.",
          "Sin respuesta",
          "Política de privacidad",
          "Decidido",
          "Caduca",
          "Le pedimos su consentimiento para:",
          "Guardamos sus opciones en este dispositivo y no enviamos nada hasta que elija.",
          "Mostrar el registro guardado",
        ],
      };

/** The locales the widget has its own texts for. */
export const WIDGET_LOCALES = ["en", ...Object.keys(OTHERS)];

/** The widget's texts for `locale` ("de-AT" uses "de"), English when it has none. */
export function widgetTexts(locale: string): WidgetTexts {
  const list = OTHERS[locale] ?? OTHERS[locale.split("-")[0] ?? ""];
  if (!list) return EN;
  const out = { ...EN };
  (Object.keys(EN) as (keyof WidgetTexts)[]).forEach((k, i) => {
    out[k] = list[i] ?? EN[k];
  });
  return out;
}
