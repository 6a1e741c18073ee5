package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"
	"time"

	"jikimi/errs"
	"jikimi/ids"
	"jikimi/partners/identity"
	"jikimi/rights"
	"jikimi/welfare/members"
)

// onBehalfFlags say who asks, for a request received on paper, by e-mail
// or by fax that a legal representative or a proxy made for the subject.
type onBehalfFlags struct {
	as, verification, kinds, from, until string
}

func (w *onBehalfFlags) define(fs *flag.FlagSet) {
	fs.StringVar(&w.as, "as", "subject", "who asks: subject, representative (of an under-14) or proxy (with a power of attorney)")
	fs.StringVar(&w.verification, "verification", "", "a verification made already: the proxy's identity verification ID, or the representative's ID:CODE "+
		"(default: made now, reading the proxy's identity or the representative's code from standard input)")
	fs.StringVar(&w.kinds, "attorney-kinds", "", "proxy: the kinds the power of attorney (위임장) covers, comma-separated")
	fs.StringVar(&w.from, "attorney-from", "", "proxy: the power of attorney's first day, YYYY-MM-DD")
	fs.StringVar(&w.until, "attorney-until", "", "proxy: its last day, YYYY-MM-DD")
}

// proxyWait is how long the command waits for a proxy to confirm their
// identity verification on their phone.
const proxyWait = 3 * time.Minute

// filing completes f with the requester's standing. A representative is
// called again at the mobile number recorded at sign-up and gives the code
// back; a proxy's identity is verified through the identity connector from
// what they wrote on the form. The rights service decides the standing;
// what it refuses is refused before anything is written.
func (w *onBehalfFlags) filing(ctx context.Context, e env, o *officerRun, f *rights.Filing) error {
	f.As, f.Verification = rights.Requester(w.as), w.verification
	if w.kinds != "" || w.from != "" || w.until != "" {
		var kinds []rights.Kind
		for _, k := range splitComma(w.kinds) {
			kinds = append(kinds, rights.Kind(k))
		}
		a, err := rights.ParseAttorney(kinds, w.from, w.until)
		if err != nil {
			return err
		}
		f.Attorney = a
	}
	if f.Verification != "" {
		return nil
	}
	switch f.As {
	case rights.ByRepresentative:
		return w.callRepresentative(ctx, e, o, f)
	case rights.ByProxy:
		if f.Attorney == nil {
			return nil // refused for the missing attorney, before any verification
		}
		return w.verifyProxy(ctx, e, o, f)
	}
	return nil
}

// callRepresentative sends a code to the representative recorded for the
// member and reads it back from standard input. A subject with no
// representative recorded is left unverified (the request is refused).
func (w *onBehalfFlags) callRepresentative(ctx context.Context, e env, o *officerRun, f *rights.Filing) error {
	id, err := (onBehalf{o.sys, o.conn}).CallRepresentative(ctx, f.Service, f.Subject)
	if errs.Code(err) == errs.NotFound {
		return nil
	}
	if err != nil {
		return err
	}
	fmt.Fprint(e.stderr, "가입 때 등록된 법정대리인 휴대전화로 인증번호를 보냈습니다. 법정대리인이 알려 준 인증번호: ")
	code := readLine(e)
	if code == "" {
		return exitError{2, "no code read from standard input"}
	}
	f.Verification = id + ":" + code
	return nil
}

// verifyProxy reads the proxy's identity as written on the form, one line
// of JSON (name, birth_date, sex, mobile), starts its verification through
// the identity connector and waits for the proxy to confirm it. The
// identity goes to the verification service only; the request keeps the
// verification's opaque ID.
func (w *onBehalfFlags) verifyProxy(ctx context.Context, e env, o *officerRun, f *rights.Filing) error {
	fmt.Fprint(e.stderr, "대리인의 본인확인 정보 (JSON 한 줄: name, birth_date, sex, mobile): ")
	line := readLine(e)
	var c identity.Claim
	if err := json.Unmarshal([]byte(line), &c); err != nil {
		return errs.E(errs.Invalid, "the proxy's identity is one line of JSON with name, birth_date, sex and mobile")
	}
	id, err := (onBehalf{o.sys, o.conn}).VerifyProxy(ctx, c)
	if err != nil {
		return err
	}
	v, err := identityConnector(o.sys, o.conn)
	if err != nil {
		return err
	}
	wait, cancel := context.WithTimeout(ctx, proxyWait)
	defer cancel()
	for {
		_, err := v.Result(wait, id)
		if err == nil || errs.Code(err) != errs.Invalid {
			f.Verification = id
			return err
		}
		select {
		case <-wait.Done():
			f.Verification = id // unconfirmed: refused as proxy_unverified
			return nil
		case <-time.After(2 * time.Second):
		}
	}
}

// onBehalf starts what proves who asks for another (console.Standing), for
// the console and the command alike: a new code to the representative
// recorded at sign-up of a 복지로 member, or a proxy's identity
// verification through the identity connector.
type onBehalf struct {
	sys  *app
	conn *connectors
}

// CallRepresentative is errs.NotFound for a service without
// representatives, and for a member without one.
func (o onBehalf) CallRepresentative(ctx context.Context, service, subject string) (string, error) {
	if service != members.ServiceName {
		return "", errs.E(errs.NotFound, "rights: only 복지로 records legal representatives")
	}
	b, err := o.sys.bokjiroShared(o.conn)
	if err != nil {
		return "", err
	}
	return b.members.CallRepresentative(ctx, subject)
}

func (o onBehalf) VerifyProxy(ctx context.Context, c identity.Claim) (string, error) {
	v, err := identityConnector(o.sys, o.conn)
	if err != nil {
		return "", err
	}
	key, err := ids.New(nil, "pxv_")
	if err != nil {
		return "", err
	}
	return v.Start(ctx, key, c)
}

// readLine is one line of standard input, trimmed; a last line without a
// newline is read all the same.
func readLine(e env) string {
	line, _ := e.input().ReadString('\n')
	return strings.TrimSpace(line)
}
