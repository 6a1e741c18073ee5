package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"jikimi/clock"
	"jikimi/errs"
	"jikimi/welfare/newsletter"
)

const newsletterUsage = `usage: jikimi newsletter send --issue ID --title TITLE --body FILE
  send  put an issue of the 복지로 newsletter in the outbox for every
        subscriber (once each: sending the same issue again sends no one
        twice); the running server's outbox mails it, each mail with the
        reader's own signed unsubscribe link`

// runNewsletter is the operators' side of the 복지로 newsletter.
func runNewsletter(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] != "send" {
		return exitError{2, newsletterUsage}
	}
	fs := newFlags("newsletter send", e)
	cfg := addConfig(fs, e, systemScope)
	issue := fs.String("issue", "", "the issue's ID, e.g. 2026-12")
	title := fs.String("title", "", "the mail's subject")
	bodyFile := fs.String("body", "", "file holding the issue's text (UTF-8)")
	if err := cfg.parse(fs, args[1:]); err != nil {
		return err
	}
	if *issue == "" || *title == "" || *bodyFile == "" || fs.NArg() > 0 {
		return exitError{2, newsletterUsage}
	}
	body, err := os.ReadFile(*bodyFile)
	if err != nil {
		return exitError{1, fmt.Sprintf("newsletter: cannot read the body file: %v", err)}
	}
	sys, err := openApp(ctx, e, cfg, clock.System{})
	if err != nil {
		return err
	}
	defer sys.Close()
	conn := &connectors{urls: cfg.Connectors, log: slog.New(slog.DiscardHandler)}
	defer conn.Close()
	b, err := bokjiroMembership(sys, conn)
	if err != nil {
		return err
	}
	n, err := b.newsletter.Publish(ctx, newsletter.Issue{ID: *issue, Title: *title, Body: string(body)})
	if errs.Code(err) == errs.Invalid {
		return exitError{1, "newsletter: " + err.Error()}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "issue %s queued for %d subscribers\n", *issue, n)
	return nil
}
