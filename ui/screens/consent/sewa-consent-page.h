/* sewa-consent-page.h — "May we use the documents and details you gave before?", asked once per
 * application before documents from the citizen's vault are attached or details from their
 * earlier applications are filled in (DPDP Act 2023: plain words, for this purpose only, and
 * "no" still lets them type and scan). The buttons activate win.vault-consent with
 * "given" or "refused". */
#pragma once

#include <adwaita.h>
#include "sewa-catalog.h"
#include "sewa-vault-doc.h"

G_BEGIN_DECLS

#define SEWA_TYPE_CONSENT_PAGE (sewa_consent_page_get_type ())
G_DECLARE_FINAL_TYPE (SewaConsentPage, sewa_consent_page, SEWA, CONSENT_PAGE, AdwBin)

/* @on_file: the vault documents that would be attached (SewaVaultDoc*, borrowed), or NULL;
 * @details: lines "label: value" of the details that would be filled in, or NULL, shown under
 * the ARN of the application they came from (@details_arn), so the citizen sees what they agree
 * to. */
GtkWidget *sewa_consent_page_new (SewaService *service, GPtrArray *on_file, const char *const *details,
                                  const char *details_arn, SewaLang lang);

G_END_DECLS
