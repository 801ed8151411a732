/**
 * @module
 * The Preferably widget (placeholder until the widget issue lands).
 */
import { render } from "preact";

const host = document.createElement("div");
host.id = "preferably";
document.body.append(host);
render(<p>Preferably widget placeholder</p>, host.attachShadow({ mode: "open" }));
