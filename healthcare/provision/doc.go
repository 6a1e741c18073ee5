// Package provision gives the personal data of a healthcare participant to
// a third party exactly as a provision of the policy (제5조) declares it:
// only with the participant's consent to that provision, only its items,
// read through the gate as that recipient (so each provision is in the
// access log), and no more once the consent is withdrawn. It also keeps the
// consents to provisions (give, withdraw, check) for the services that
// provide: the points conversion (shinhan-card) and the partners.
//
// It owns no table. It must never send an item the provision does not
// list, keep what it sends, or put a provided value in a log or an error.
package provision
