// The demo shop's own script: personalises the picks from segments worked out on the device,
// through the widget's JS API, and only when the visitor allowed "Personalised shop".
const PRODUCTS = [
  { name: "Road running shoes", segments: ["runners", "outdoor"] },
  { name: "Carbon race shoes", segments: ["runners", "committed-athletes", "big-spenders"] },
  { name: "Tennis racket", segments: ["racket-fans"] },
  { name: "Gravel bike helmet", segments: ["outdoor"] },
  { name: "Team football kit", segments: ["team-buyers"] },
  { name: "Kids' swim set", segments: ["family-shoppers"] },
  { name: "Yoga mat", segments: ["mind-and-body"] },
  { name: "Starter fitness bundle", segments: ["beginners", "casual-movers", "value-seekers"] },
];
const BEST = ["Road running shoes", "Tennis racket", "Yoga mat"];

function show() {
  const api = window.preferably;
  const consent = api?.getConsent();
  const segments = api?.getSegments() ?? [];
  const personal = consent?.personalisation === true && segments.length > 0;
  const picks = personal
    ? PRODUCTS.filter((p) => p.segments.some((s) => segments.includes(s)))
    : PRODUCTS.filter((p) => BEST.includes(p.name));
  const list = document.getElementById("picks");
  list.replaceChildren(
    ...picks.map((p) => {
      const li = document.createElement("li");
      const strong = document.createElement("strong");
      strong.textContent = p.name;
      li.append(
        strong,
        personal
          ? `Because you are in: ${p.segments.filter((s) => segments.includes(s)).join(", ")}`
          : "Best seller",
      );
      return li;
    }),
  );
  document.getElementById("picks-why").textContent = personal
    ? "Picked for you on this device from the answers you gave."
    : "Our best sellers. Share your interests to see picks that match.";
  document.getElementById("consent").textContent = consent
    ? Object.entries(consent)
        .map(([k, v]) => `${k}: ${v ? "on" : "off"}`)
        .join(", ")
    : "No choice yet.";
  document.getElementById("segments").textContent = segments.join(", ") || "None.";
}

document.addEventListener("preferably:consent", show);
document.addEventListener("preferably:segments", show);
document
  .getElementById("open-preferences")
  .addEventListener("click", () => window.preferably?.open());
show();
