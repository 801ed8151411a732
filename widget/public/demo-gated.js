// A stand-in for an analytics tag: it runs only after the "analytics" purpose is granted.
document.getElementById("gated").textContent = "Ran: the analytics purpose was granted.";
