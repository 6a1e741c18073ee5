package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"time"

	"jikimi/clock"
	"jikimi/errs"
	"jikimi/jobs"
	"jikimi/rights"
	"jikimi/staff"
	"jikimi/vault"
)

const rightsUsage = `usage: jikimi rights COMMAND [flags]

  file --service S --subject ID --kind K --channel paper|email|fax [--purposes P,..] [--items P/I,..]
       [--as representative | --as proxy --attorney-kinds K,.. --attorney-from DATE --attorney-until DATE]
                                   record a request received on paper, by e-mail or fax; a representative is
                                   sent a code at the mobile recorded at sign-up (type it on standard input),
                                   a proxy's identity (one JSON line on standard input) is verified
  queue [--service S]              open requests, least time left first
  open ID                          open a request (then in progress), with its history
  answer ID [--withhold P,.. --reason CODE]   send the result (partial: purposes withheld, lawful ground)
  extend ID --reason CODE          send an extension notice (volume, third_party_check, identity_check)
  refuse ID --reason CODE          refuse on a lawful ground (jikimi rights grounds lists them)
  lift ID                          lift the suspensions an answered suspension request placed
  grounds                          the lawful grounds and deferral reasons
  daily                            the daily run: escalate requests with 3 days or fewer left, record missed deadlines

Every command but grounds acts as the privacy officer's staff session: --token TOKEN (or JIKIMI_STAFF_TOKEN),
or --login LOGIN --code TOTP with the password in JIKIMI_STAFF_PASSWORD (or on standard input).
Each takes the storage flags (--data DIR or --db DSN) and --keyring FILE.
`

var rightsCommands = map[string]func(context.Context, env, []string) error{
	"file": rightsFile, "queue": rightsQueue, "open": rightsOpen, "answer": rightsAnswer, "extend": rightsExtend,
	"refuse": rightsRefuse, "lift": rightsLift, "grounds": rightsGrounds, "daily": rightsDaily,
}

func runRights(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || rightsCommands[args[0]] == nil {
		io.WriteString(e.stderr, rightsUsage)
		return exitError{2, ""}
	}
	return rightsCommands[args[0]](ctx, e, args[1:])
}

// officerFlags say how the privacy officer signs in.
type officerFlags struct{ token, login, code string }

func addOfficerFlags(fs *flag.FlagSet, e env) *officerFlags {
	o := &officerFlags{}
	fs.StringVar(&o.token, "token", "", "a staff session token (POST /api/v1/staff/session; env JIKIMI_STAFF_TOKEN, never shown by --help)")
	fs.StringVar(&o.login, "login", "", "staff login, to sign in here (password from JIKIMI_STAFF_PASSWORD or standard input)")
	fs.StringVar(&o.code, "code", "", "the TOTP code, with --login")
	return o
}

// actor signs in (or takes the session) and checks the officer's role: the
// same session rules as the console, never an account ID on the command line.
func (o *officerFlags) actor(ctx context.Context, e env, s *staff.Service) (vault.Actor, error) {
	var sess *staff.Session
	var err error
	if o.token == "" && o.login == "" {
		o.token = e.getenv("JIKIMI_STAFF_TOKEN")
	}
	switch {
	case o.token != "":
		sess, err = s.Authenticate(ctx, o.token)
	case o.login != "" && o.code != "":
		pw := e.getenv("JIKIMI_STAFF_PASSWORD")
		if pw == "" {
			line, _ := e.input().ReadString('\n')
			pw = strings.TrimRight(line, "\r\n")
		}
		sess, err = s.Login(ctx, o.login, pw, o.code, "127.0.0.1")
	default:
		return vault.Actor{}, exitError{2, "sign in as the privacy officer: --token TOKEN, or --login LOGIN --code TOTP"}
	}
	if err != nil {
		return vault.Actor{}, err
	}
	if sess.PasswordChangeRequired || !slices.Contains(sess.Roles, staff.PrivacyOfficer) {
		return vault.Actor{}, errs.E(errs.Forbidden, "this session does not act as privacy officer")
	}
	return vault.Actor{Kind: vault.Staff, ID: sess.AccountID, Role: string(staff.PrivacyOfficer), Source: "127.0.0.1"}, nil
}

// officerRun is what an officer's command works with: the rights service
// (wired to the outside systems' connectors, as serve wires it), the
// signed-in officer, the request ID given, and the system.
type officerRun struct {
	rights  *rights.Service
	officer vault.Actor
	id      string
	sys     *app
	conn    *connectors
}

// withOfficer parses the flags, opens the system, signs the officer in and
// runs fn; a leading positional argument (a request ID) is taken first.
func withOfficer(ctx context.Context, e env, name string, args []string, define func(*flag.FlagSet), fn func(o *officerRun) error) error {
	fs := newFlags("rights "+name, e)
	cfg := addConfig(fs, e, systemScope)
	of := addOfficerFlags(fs, e)
	define(fs)
	var id string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		id, args = args[0], args[1:]
	}
	if err := cfg.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return exitError{2, "unexpected arguments: " + strings.Join(fs.Args(), " ")}
	}
	sys, err := openApp(ctx, e, cfg, clock.System{})
	if err != nil {
		return err
	}
	defer sys.Close()
	officer, err := of.actor(ctx, e, sys.staff)
	if err != nil {
		return err
	}
	conn := &connectors{urls: cfg.Connectors, log: slog.New(slog.DiscardHandler)}
	defer conn.Close()
	s, err := rightsService(sys, conn)
	if err != nil {
		return err
	}
	// The notices an action puts in the outbox are sent by serve's workers;
	// here their kinds are only known, so they can be inserted.
	jobs.Handle(sys.jobs, s.Deliver)
	jobs.Handle(sys.jobs, s.TellRecipient)
	return fn(&officerRun{rights: s, officer: officer, id: id, sys: sys, conn: conn})
}

func needID(id, usage string) error {
	if id == "" {
		return exitError{2, "usage: jikimi rights " + usage}
	}
	return nil
}

func splitComma(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func rightsFile(ctx context.Context, e env, args []string) error {
	var service, subject, kind, channel, purposes, items, consents, objects string
	var who onBehalfFlags
	return withOfficer(ctx, e, "file", args, func(fs *flag.FlagSet) {
		fs.StringVar(&service, "service", "", "service ID (seoul-healthcare, bokjiro)")
		fs.StringVar(&subject, "subject", "", "the subject's opaque ID")
		fs.StringVar(&kind, "kind", "", "access, correction, deletion, suspension, consent_withdrawal, objection, transmission")
		fs.StringVar(&channel, "channel", "", "paper, email or fax")
		fs.StringVar(&purposes, "purposes", "", "purpose IDs, comma-separated (default: all)")
		fs.StringVar(&items, "items", "", "items as purpose/item, comma-separated (default: all)")
		fs.StringVar(&consents, "consents", "", "consent_withdrawal: ledger scopes, comma-separated")
		fs.StringVar(&objects, "objects-to", "", "objection: the earlier request's ID")
		who.define(fs)
	}, func(o *officerRun) error {
		if service == "" || subject == "" || kind == "" || channel == "" {
			return exitError{2, "usage: jikimi rights file --service S --subject ID --kind K --channel paper|email|fax [--as representative|proxy ...]"}
		}
		f := rights.Filing{Service: service, Subject: subject, Kind: kind, Channel: rights.Channel(channel),
			Purposes: splitComma(purposes), Items: splitComma(items), Consents: splitComma(consents), ObjectsTo: objects}
		if err := who.filing(ctx, e, o, &f); err != nil {
			return err
		}
		r, err := o.rights.File(ctx, o.officer, f)
		if err != nil {
			return err
		}
		printRequest(e.stdout, r)
		return nil
	})
}

func rightsQueue(ctx context.Context, e env, args []string) error {
	var service string
	return withOfficer(ctx, e, "queue", args, func(fs *flag.FlagSet) {
		fs.StringVar(&service, "service", "", "only this service")
	}, func(o *officerRun) error {
		s, officer := o.rights, o.officer
		q, err := s.Queue(ctx, officer, service)
		if err != nil {
			return err
		}
		if len(q) == 0 {
			fmt.Fprintln(e.stdout, "no open requests")
		}
		for _, r := range q {
			printRequest(e.stdout, r)
		}
		return nil
	})
}

func rightsOpen(ctx context.Context, e env, args []string) error {
	return withOfficer(ctx, e, "open", args, func(*flag.FlagSet) {}, func(o *officerRun) error {
		s, officer, id := o.rights, o.officer, o.id
		if err := needID(id, "open ID"); err != nil {
			return err
		}
		d, err := s.Open(ctx, officer, id)
		if err != nil {
			return err
		}
		printRequest(e.stdout, d.Request)
		for _, ev := range d.Events {
			fmt.Fprintf(e.stdout, "    %s %s %s %s\n", ev.At.In(rights.Seoul).Format("2006-01-02 15:04"), ev.Actor, ev.Action, ev.Detail)
		}
		return nil
	})
}

func rightsAnswer(ctx context.Context, e env, args []string) error {
	var withhold, reason string
	return withOfficer(ctx, e, "answer", args, func(fs *flag.FlagSet) {
		fs.StringVar(&withhold, "withhold", "", "purposes left out of a partial answer, comma-separated")
		fs.StringVar(&reason, "reason", "", "the lawful ground of a partial answer")
	}, func(o *officerRun) error {
		s, officer, id := o.rights, o.officer, o.id
		if err := needID(id, "answer ID [--withhold P,.. --reason CODE]"); err != nil {
			return err
		}
		r, err := s.Answer(ctx, officer, id, rights.Outcome{Withheld: splitComma(withhold), Reason: reason})
		return printed(e, r, err)
	})
}

func rightsLift(ctx context.Context, e env, args []string) error {
	return withOfficer(ctx, e, "lift", args, func(*flag.FlagSet) {}, func(o *officerRun) error {
		s, officer, id := o.rights, o.officer, o.id
		if err := needID(id, "lift ID"); err != nil {
			return err
		}
		r, err := s.Lift(ctx, officer, id)
		return printed(e, r, err)
	})
}

func rightsExtend(ctx context.Context, e env, args []string) error {
	return reasoned(ctx, e, "extend", args, func(s *rights.Service) func(context.Context, vault.Actor, string, string) (*rights.Request, error) {
		return s.Extend
	})
}

func rightsRefuse(ctx context.Context, e env, args []string) error {
	return reasoned(ctx, e, "refuse", args, func(s *rights.Service) func(context.Context, vault.Actor, string, string) (*rights.Request, error) {
		return s.Refuse
	})
}

// reasoned runs an officer action that takes a request ID and a reason code.
func reasoned(ctx context.Context, e env, name string, args []string,
	action func(*rights.Service) func(context.Context, vault.Actor, string, string) (*rights.Request, error)) error {
	var reason string
	return withOfficer(ctx, e, name, args, func(fs *flag.FlagSet) {
		fs.StringVar(&reason, "reason", "", "the reason code (jikimi rights grounds)")
	}, func(o *officerRun) error {
		s, officer, id := o.rights, o.officer, o.id
		if err := needID(id, name+" ID --reason CODE"); err != nil {
			return err
		}
		r, err := action(s)(ctx, officer, id, reason)
		return printed(e, r, err)
	})
}

func printed(e env, r *rights.Request, err error) error {
	if err != nil {
		return err
	}
	printRequest(e.stdout, r)
	return nil
}

func rightsDaily(ctx context.Context, e env, args []string) error {
	return withOfficer(ctx, e, "daily", args, func(*flag.FlagSet) {}, func(o *officerRun) error {
		s := o.rights
		res, err := s.Daily(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "escalated %d, newly missed %d\n", len(res.Escalated), len(res.Missed))
		return nil
	})
}

func rightsGrounds(_ context.Context, e env, _ []string) error {
	fmt.Fprintln(e.stdout, "lawful grounds (refuse, answer --reason):")
	for _, g := range rights.Grounds {
		fmt.Fprintf(e.stdout, "  %-20s %s\n", g.Code, g.Law)
	}
	fmt.Fprintln(e.stdout, "extension reasons (extend --reason):")
	for _, g := range rights.Deferrals {
		fmt.Fprintf(e.stdout, "  %-20s %s\n", g.Code, g.Law)
	}
	return nil
}

func printRequest(w io.Writer, r *rights.Request) {
	due := r.DueAt.In(rights.Seoul).Format("2006-01-02 15:04")
	line := fmt.Sprintf("%s %s %s %s subject %s, received %s, due %s", r.ID, r.Service, r.Kind, r.Status, r.Subject,
		r.ReceivedAt.In(rights.Seoul).Format(time.DateOnly), due)
	if r.AnsweredAt == nil {
		line += fmt.Sprintf(", %d days left", r.DaysLeft)
	}
	if r.Escalated && r.AnsweredAt == nil {
		line += ", ESCALATED"
	}
	if r.Missed {
		line += ", MISSED DEADLINE"
	}
	if r.Reason != nil {
		line += ", reason " + r.Reason.Code
	}
	fmt.Fprintln(w, line)
}
