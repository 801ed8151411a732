___TERMS_OF_SERVICE___

By creating or modifying this file you agree to Google Tag Manager's Community
Template Gallery Developer Terms of Service available at
https://developers.google.com/tag-manager/gallery-tos (or such other URL as
Google may provide), as modified from time to time.


___INFO___

{
  "type": "TAG",
  "id": "cvt_temp_public_id",
  "version": 1,
  "securityGroups": [],
  "displayName": "Preferably consent banner",
  "categories": ["UTILITY", "PERSONALIZATION"],
  "brand": {
    "id": "brand_dummy",
    "displayName": "Preferably"
  },
  "description": "Loads the Preferably banner (privacy-first consent, choices kept on the visitor's device) and feeds Google Consent Mode v2: defaults for all seven types with wait_for_update, then one update when the visitor decides or a stored decision loads. Fire on Consent Initialization - All Pages.",
  "containerContexts": [
    "WEB"
  ]
}


___TEMPLATE_PARAMETERS___

[
  {
    "type": "TEXT",
    "name": "edge",
    "displayName": "Edge origin (where the widget is served), e.g. https://edge.example",
    "simpleValueType": true,
    "valueValidators": [
      { "type": "NON_EMPTY" },
      { "type": "REGEX", "args": ["^https://[a-z0-9.-]+(:[0-9]{1,5})?$"] }
    ]
  },
  {
    "type": "TEXT",
    "name": "site",
    "displayName": "Site id",
    "simpleValueType": true,
    "valueValidators": [
      { "type": "NON_EMPTY" },
      { "type": "REGEX", "args": ["^[a-z0-9][a-z0-9_-]{0,63}$"] }
    ]
  },
  {
    "type": "SIMPLE_TABLE",
    "name": "purposeMap",
    "displayName": "Consent Mode types per purpose (as in the site config's purposes[].consentMode)",
    "simpleTableColumns": [
      { "defaultValue": "", "displayName": "Purpose id", "name": "purpose", "type": "TEXT" },
      {
        "defaultValue": "",
        "displayName": "Types (comma-separated, e.g. ad_storage, ad_user_data)",
        "name": "types",
        "type": "TEXT"
      },
      {
        "defaultValue": "no",
        "displayName": "Required (always on)",
        "name": "required",
        "type": "SELECT",
        "selectItems": [
          { "value": "no", "displayValue": "no" },
          { "value": "yes", "displayValue": "yes" }
        ]
      },
      {
        "defaultValue": "no",
        "displayName": "Sale or sharing (off under GPC)",
        "name": "saleOrShare",
        "type": "SELECT",
        "selectItems": [
          { "value": "no", "displayValue": "no" },
          { "value": "yes", "displayValue": "yes" }
        ]
      }
    ]
  },
  {
    "type": "TEXT",
    "name": "waitForUpdate",
    "displayName": "wait_for_update (ms)",
    "simpleValueType": true,
    "defaultValue": 500,
    "valueValidators": [{ "type": "NON_NEGATIVE_NUMBER" }]
  },
  {
    "type": "TEXT",
    "name": "regions",
    "displayName": "Regions the defaults apply to (ISO 3166-2, comma-separated; empty: everywhere)",
    "simpleValueType": true
  },
  {
    "type": "CHECKBOX",
    "name": "adsDataRedaction",
    "checkboxText": "ads_data_redaction",
    "simpleValueType": true
  },
  {
    "type": "CHECKBOX",
    "name": "urlPassthrough",
    "checkboxText": "url_passthrough",
    "simpleValueType": true
  },
  {
    "type": "TEXT",
    "name": "developerId",
    "displayName": "Google developer ID (developer_id; empty: none)",
    "simpleValueType": true,
    "valueValidators": [{ "type": "REGEX", "args": ["^[A-Za-z0-9]*$"] }]
  }
]


___SANDBOXED_JS_FOR_WEB_TEMPLATE___

// Preferably for Google Tag Manager: the same Consent Mode rules as widget/gcm.ts. A type is
// granted only when every purpose that lists it is granted; a type no purpose lists stays
// denied; required purposes grant theirs from the start; under Global Privacy Control the types
// of sale-or-share purposes stay denied. The widget is loaded with ?consent-mode=off, so this
// template is the one source of Consent Mode commands.
const setDefaultConsentState = require('setDefaultConsentState');
const updateConsentState = require('updateConsentState');
const gtagSet = require('gtagSet');
const injectScript = require('injectScript');
const callInWindow = require('callInWindow');
const copyFromWindow = require('copyFromWindow');
const encodeUriComponent = require('encodeUriComponent');
const makeNumber = require('makeNumber');
const makeString = require('makeString');

const TYPES = [
  'ad_storage',
  'ad_user_data',
  'ad_personalization',
  'analytics_storage',
  'functionality_storage',
  'personalization_storage',
  'security_storage'
];
const gpc = copyFromWindow('navigator.globalPrivacyControl') === true;

const stateFor = (consent) => {
  const out = {};
  const seen = {};
  TYPES.forEach((t) => {
    out[t] = 'denied';
  });
  (data.purposeMap || []).forEach((row) => {
    const required = row.required === 'yes';
    const blocked = gpc && row.saleOrShare === 'yes' && !required;
    const on = (required || (!!consent && consent[row.purpose] === true)) && !blocked;
    makeString(row.types).split(',').forEach((raw) => {
      const t = raw.trim();
      if (TYPES.indexOf(t) < 0) return;
      out[t] = on && (!seen[t] || out[t] === 'granted') ? 'granted' : 'denied';
      seen[t] = true;
    });
  });
  return out;
};

const defaults = stateFor(undefined);
defaults.wait_for_update = makeNumber(data.waitForUpdate || 500);
const regions = makeString(data.regions || '')
  .split(',')
  .map((r) => r.trim())
  .filter((r) => r.length > 0);
if (regions.length > 0 && !gpc) defaults.region = regions;
setDefaultConsentState(defaults);
if (data.adsDataRedaction) gtagSet('ads_data_redaction', true);
if (data.urlPassthrough) gtagSet('url_passthrough', true);
if (data.developerId) gtagSet('developer_id.' + makeString(data.developerId), true);

// preferably.on('consent', fn) calls fn at once for a stored decision, then on every decision:
// one update each time, never before the visitor (or their stored record) decides. After
// "Delete my data" it reports no decision (undefined): the update is then the state before any
// choice (required purposes only), as the widget's own Consent Mode code sends.
const onConsent = (consent) => {
  updateConsentState(stateFor(consent));
};
const url =
  makeString(data.edge) + '/v1/sites/' + encodeUriComponent(makeString(data.site)) +
  '/widget.js?consent-mode=off';
injectScript(
  url,
  () => {
    callInWindow('preferably.on', 'consent', onConsent);
    data.gtmOnSuccess();
  },
  data.gtmOnFailure,
  'preferably'
);


___WEB_PERMISSIONS___

[
  {
    "instance": {
      "key": { "publicId": "access_consent", "versionId": "1" },
      "param": [
        {
          "key": "consentTypes",
          "value": {
            "type": 2,
            "listItem": [
              { "type": 3, "mapKey": [{ "type": 1, "string": "consentType" }, { "type": 1, "string": "read" }, { "type": 1, "string": "write" }], "mapValue": [{ "type": 1, "string": "ad_storage" }, { "type": 8, "boolean": false }, { "type": 8, "boolean": true }] },
              { "type": 3, "mapKey": [{ "type": 1, "string": "consentType" }, { "type": 1, "string": "read" }, { "type": 1, "string": "write" }], "mapValue": [{ "type": 1, "string": "ad_user_data" }, { "type": 8, "boolean": false }, { "type": 8, "boolean": true }] },
              { "type": 3, "mapKey": [{ "type": 1, "string": "consentType" }, { "type": 1, "string": "read" }, { "type": 1, "string": "write" }], "mapValue": [{ "type": 1, "string": "ad_personalization" }, { "type": 8, "boolean": false }, { "type": 8, "boolean": true }] },
              { "type": 3, "mapKey": [{ "type": 1, "string": "consentType" }, { "type": 1, "string": "read" }, { "type": 1, "string": "write" }], "mapValue": [{ "type": 1, "string": "analytics_storage" }, { "type": 8, "boolean": false }, { "type": 8, "boolean": true }] },
              { "type": 3, "mapKey": [{ "type": 1, "string": "consentType" }, { "type": 1, "string": "read" }, { "type": 1, "string": "write" }], "mapValue": [{ "type": 1, "string": "functionality_storage" }, { "type": 8, "boolean": false }, { "type": 8, "boolean": true }] },
              { "type": 3, "mapKey": [{ "type": 1, "string": "consentType" }, { "type": 1, "string": "read" }, { "type": 1, "string": "write" }], "mapValue": [{ "type": 1, "string": "personalization_storage" }, { "type": 8, "boolean": false }, { "type": 8, "boolean": true }] },
              { "type": 3, "mapKey": [{ "type": 1, "string": "consentType" }, { "type": 1, "string": "read" }, { "type": 1, "string": "write" }], "mapValue": [{ "type": 1, "string": "security_storage" }, { "type": 8, "boolean": false }, { "type": 8, "boolean": true }] }
            ]
          }
        }
      ]
    },
    "clientAnnotations": { "isEditedByUser": true },
    "isRequired": true
  },
  {
    "instance": {
      "key": { "publicId": "write_data_layer", "versionId": "1" },
      "param": [
        {
          "key": "keyPatterns",
          "value": { "type": 2, "listItem": [{ "type": 1, "string": "ads_data_redaction" }, { "type": 1, "string": "url_passthrough" }, { "type": 1, "string": "developer_id.*" }] }
        }
      ]
    },
    "clientAnnotations": { "isEditedByUser": true },
    "isRequired": true
  },
  {
    "instance": {
      "key": { "publicId": "inject_script", "versionId": "1" },
      "param": [
        {
          "key": "urls",
          "value": { "type": 2, "listItem": [{ "type": 1, "string": "https://*/v1/sites/*/widget.js*" }] }
        }
      ]
    },
    "clientAnnotations": { "isEditedByUser": true },
    "isRequired": true
  },
  {
    "instance": {
      "key": { "publicId": "access_globals", "versionId": "1" },
      "param": [
        {
          "key": "keys",
          "value": {
            "type": 2,
            "listItem": [
              { "type": 3, "mapKey": [{ "type": 1, "string": "key" }, { "type": 1, "string": "read" }, { "type": 1, "string": "write" }, { "type": 1, "string": "execute" }], "mapValue": [{ "type": 1, "string": "preferably.on" }, { "type": 8, "boolean": false }, { "type": 8, "boolean": false }, { "type": 8, "boolean": true }] },
              { "type": 3, "mapKey": [{ "type": 1, "string": "key" }, { "type": 1, "string": "read" }, { "type": 1, "string": "write" }, { "type": 1, "string": "execute" }], "mapValue": [{ "type": 1, "string": "navigator.globalPrivacyControl" }, { "type": 8, "boolean": true }, { "type": 8, "boolean": false }, { "type": 8, "boolean": false }] }
            ]
          }
        }
      ]
    },
    "clientAnnotations": { "isEditedByUser": true },
    "isRequired": true
  }
]


___TESTS___

scenarios:
- name: Sets the defaults of all seven types with wait_for_update before loading the widget
  code: |-
    mock('injectScript', (url, onSuccess) => {
      // The defaults are in place before the widget's script is even requested.
      assertApi('setDefaultConsentState').wasCalled();
      assertThat(url).isEqualTo('https://edge.example/v1/sites/demo/widget.js?consent-mode=off');
      onSuccess();
    });
    runCode(mockData);
    assertApi('setDefaultConsentState').wasCalledWith({
      ad_storage: 'denied',
      ad_user_data: 'denied',
      ad_personalization: 'denied',
      analytics_storage: 'denied',
      functionality_storage: 'granted',
      personalization_storage: 'denied',
      security_storage: 'granted',
      wait_for_update: 500
    });
    assertApi('gtagSet').wasNotCalled();
    assertApi('updateConsentState').wasNotCalled();
    assertApi('callInWindow').wasCalled();
    assertApi('gtmOnSuccess').wasCalled();
    assertApi('gtmOnFailure').wasNotCalled();
- name: Sends no update while no decision is reported
  code: |-
    mock('callInWindow', (path, event, fn) => {
      assertThat(path).isEqualTo('preferably.on');
      assertThat(event).isEqualTo('consent');
    });
    runCode(mockData);
    assertApi('updateConsentState').wasNotCalled();
- name: Scopes the defaults to regions and takes the site's wait_for_update
  code: |-
    mockData.regions = 'ES, US-CA';
    mockData.waitForUpdate = 800;
    runCode(mockData);
    assertApi('setDefaultConsentState').wasCalledWith({
      ad_storage: 'denied',
      ad_user_data: 'denied',
      ad_personalization: 'denied',
      analytics_storage: 'denied',
      functionality_storage: 'granted',
      personalization_storage: 'denied',
      security_storage: 'granted',
      wait_for_update: 800,
      region: ['ES', 'US-CA']
    });
- name: Sets ads_data_redaction, url_passthrough and developer_id when the site asks
  code: |-
    mockData.adsDataRedaction = true;
    mockData.urlPassthrough = true;
    mockData.developerId = 'dZTk4Zj';
    runCode(mockData);
    assertApi('gtagSet').wasCalledWith('ads_data_redaction', true);
    assertApi('gtagSet').wasCalledWith('url_passthrough', true);
    assertApi('gtagSet').wasCalledWith('developer_id.dZTk4Zj', true);
- name: Sends one update for the widget's stored decision, reported at once
  code: |-
    mock('callInWindow', (path, event, fn) => {
      fn({ necessary: true, analytics: true, personalisation: false, advertising: false });
    });
    runCode(mockData);
    assertApi('updateConsentState').wasCalledWith({
      ad_storage: 'denied',
      ad_user_data: 'denied',
      ad_personalization: 'denied',
      analytics_storage: 'granted',
      functionality_storage: 'granted',
      personalization_storage: 'denied',
      security_storage: 'granted'
    });
- name: Sends one update per later decision, and the state before any choice after Delete my data
  code: |-
    let listener;
    const updates = [];
    mock('callInWindow', (path, event, fn) => {
      listener = fn;
    });
    mock('updateConsentState', (state) => {
      updates.push(state);
    });
    runCode(mockData);
    assertThat(updates).hasLength(0);
    listener({ necessary: true, analytics: true, personalisation: true, advertising: true });
    assertThat(updates).hasLength(1);
    assertThat(updates[0].ad_storage).isEqualTo('granted');
    listener(undefined);
    assertThat(updates).hasLength(2);
    assertThat(updates[1]).isEqualTo({
      ad_storage: 'denied',
      ad_user_data: 'denied',
      ad_personalization: 'denied',
      analytics_storage: 'denied',
      functionality_storage: 'granted',
      personalization_storage: 'denied',
      security_storage: 'granted'
    });
- name: Honours Global Privacy Control at once, in the defaults and in every update
  code: |-
    mockData.regions = 'ES';
    mock('copyFromWindow', (key) => key === 'navigator.globalPrivacyControl');
    mock('callInWindow', (path, event, fn) => {
      fn({ necessary: true, analytics: true, personalisation: true, advertising: true });
    });
    runCode(mockData);
    // Not region-scoped under GPC: the sale-or-share types are denied everywhere.
    assertApi('setDefaultConsentState').wasCalledWith({
      ad_storage: 'denied',
      ad_user_data: 'denied',
      ad_personalization: 'denied',
      analytics_storage: 'denied',
      functionality_storage: 'granted',
      personalization_storage: 'denied',
      security_storage: 'granted',
      wait_for_update: 500
    });
    assertApi('updateConsentState').wasCalledWith({
      ad_storage: 'denied',
      ad_user_data: 'denied',
      ad_personalization: 'denied',
      analytics_storage: 'granted',
      functionality_storage: 'granted',
      personalization_storage: 'granted',
      security_storage: 'granted'
    });
- name: Grants a type two purposes share only when both are granted, and ignores unknown types
  code: |-
    mockData.purposeMap = [
      { purpose: 'stats', types: 'analytics_storage, not_a_type', required: 'no', saleOrShare: 'no' },
      { purpose: 'ads', types: 'analytics_storage, ad_storage', required: 'no', saleOrShare: 'no' }
    ];
    mock('callInWindow', (path, event, fn) => {
      fn({ stats: true, ads: false });
    });
    runCode(mockData);
    assertApi('updateConsentState').wasCalledWith({
      ad_storage: 'denied',
      ad_user_data: 'denied',
      ad_personalization: 'denied',
      analytics_storage: 'denied',
      functionality_storage: 'denied',
      personalization_storage: 'denied',
      security_storage: 'denied'
    });
- name: Fails the tag, and sends no update, when the widget's script cannot load
  code: |-
    mock('injectScript', (url, onSuccess, onFailure) => {
      onFailure();
    });
    runCode(mockData);
    assertApi('gtmOnFailure').wasCalled();
    assertApi('gtmOnSuccess').wasNotCalled();
    assertApi('callInWindow').wasNotCalled();
    assertApi('updateConsentState').wasNotCalled();
setup: |-
  const mockData = {
    edge: 'https://edge.example',
    site: 'demo',
    waitForUpdate: 500,
    purposeMap: [
      { purpose: 'necessary', types: 'security_storage, functionality_storage', required: 'yes', saleOrShare: 'no' },
      { purpose: 'analytics', types: 'analytics_storage', required: 'no', saleOrShare: 'no' },
      { purpose: 'personalisation', types: 'personalization_storage', required: 'no', saleOrShare: 'no' },
      { purpose: 'advertising', types: 'ad_storage, ad_user_data, ad_personalization', required: 'no', saleOrShare: 'yes' }
    ]
  };
  mock('injectScript', (url, onSuccess) => {
    assertThat(url).isEqualTo('https://edge.example/v1/sites/demo/widget.js?consent-mode=off');
    onSuccess();
  });


___NOTES___

Created for Preferably (widget/gtm/template.tpl). The repository runs the
scenarios above outside GTM with a small stand-in for its sandbox
(test/widget/gtm/sandbox.ts: the APIs this template requires, with their
permissions), and test/widget/gtm/template.test.ts checks the sandboxed code
against the widget's own Consent Mode rules (widget/gcm.ts) for the demo site.
