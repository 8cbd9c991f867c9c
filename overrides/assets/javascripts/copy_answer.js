/* Handreiking sociale media: a copy button under each model answer of the reaction scheme. Without scripts the
   answer is ordinary text to select; the button only exists where it can work. */
(() => {
  const add = () => {
    if (!navigator.clipboard) return;
    for (const answer of document.querySelectorAll(".md-typeset blockquote.hr-answer")) {
      if (answer.nextElementSibling && answer.nextElementSibling.classList.contains("hr-copy")) continue;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "md-button hr-copy";
      button.textContent = "Kopieer dit antwoord";
      button.addEventListener("click", async () => {
        try {
          await navigator.clipboard.writeText(answer.innerText.trim());
          button.textContent = "Gekopieerd";
        } catch {
          button.textContent = "Kopiëren lukt niet: selecteer de tekst";
        }
      });
      answer.after(button);
    }
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", add);
  else add();
})();
