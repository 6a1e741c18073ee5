package partners

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"jikimi/clock"
	"jikimi/errs"
)

// Headers of every connector request.
const (
	HeaderSignature   = "Jikimi-Signature"
	HeaderDate        = "Jikimi-Date"
	HeaderIdempotency = "Idempotency-Key"
	signingDomain     = "jikimi-connector-v1\n"
)

// Client calls one outside system with JSON over HTTP.
type Client struct {
	Name     string             // the system, for errors: "card-company"
	Base     string             // scheme://host:port, no trailing slash
	Key      ed25519.PrivateKey // signs every request
	Clock    clock.Clock
	HTTP     *http.Client // nil: a client with a 10 s timeout and no redirects
	Attempts int          // total tries on transient failures; 0 means 3
	Backoff  time.Duration
	Sleep    func(context.Context, time.Duration) error // nil: a real, cancellable sleep
}

// StatusError is a refusal by the outside system: a 4xx answer. It is not
// retried. Code is the system's own error code, when it sent one.
type StatusError struct {
	System string
	Status int
	Code   string
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("%s refused the request: HTTP %d %s", e.System, e.Status, e.Code)
}

// Call sends in as JSON to path with method and decodes a 2xx answer into
// out (which may be nil). A non-empty idempotency key is sent on every
// attempt, so the other side can answer a retry with the first result.
// Network errors, 5xx and 429 are retried up to Attempts times; a 4xx is a
// *StatusError at once. Errors never quote either body.
func (c *Client) Call(ctx context.Context, method, path, idempotencyKey string, in, out any) error {
	body, err := json.Marshal(in)
	if in == nil {
		body, err = nil, nil
	}
	if err != nil {
		return fmt.Errorf("%s: encoding the request: %w", c.Name, err)
	}
	var last error
	for attempt := 0; attempt < c.attempts(); attempt++ {
		if attempt > 0 {
			if err := c.sleep(ctx, c.Backoff<<(attempt-1)); err != nil {
				return err
			}
		}
		retry, err := c.once(ctx, method, path, idempotencyKey, body, out)
		if err == nil || !retry {
			return err
		}
		last = err
	}
	return errs.Wrap(errs.Unavailable, last, "%s is unavailable; try again later", c.Name)
}

func (c *Client) attempts() int {
	if c.Attempts <= 0 {
		return 3
	}
	return c.Attempts
}

func (c *Client) sleep(ctx context.Context, d time.Duration) error {
	if c.Sleep != nil {
		return c.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// once makes one attempt; retry says whether another may follow.
func (c *Client) once(ctx context.Context, method, path, key string, body []byte, out any) (retry bool, err error) {
	req, err := http.NewRequestWithContext(ctx, method, c.Base+path, bytes.NewReader(body))
	if err != nil {
		return false, fmt.Errorf("%s: building the request: %w", c.Name, err)
	}
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set(HeaderIdempotency, key)
	}
	c.sign(req, body)
	res, err := c.httpClient().Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		return true, fmt.Errorf("%s: %s %s: connection failed", c.Name, method, path)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, 8<<20))
	switch {
	case err != nil:
		return true, fmt.Errorf("%s: reading the answer failed", c.Name)
	case res.StatusCode >= 500 || res.StatusCode == http.StatusTooManyRequests:
		return true, fmt.Errorf("%s: HTTP %d", c.Name, res.StatusCode)
	case res.StatusCode >= 400:
		return false, &StatusError{System: c.Name, Status: res.StatusCode, Code: errorCode(data)}
	case res.StatusCode >= 300:
		return false, fmt.Errorf("%s: unexpected HTTP %d", c.Name, res.StatusCode)
	}
	if out == nil || len(bytes.TrimSpace(data)) == 0 {
		return false, nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return false, fmt.Errorf("%s: malformed answer (%d bytes)", c.Name, len(data))
	}
	return false, nil
}

// errorCode reads {"code": "..."} from an error body, if it has one.
func errorCode(data []byte) string {
	var e struct {
		Code string `json:"code"`
	}
	if json.Unmarshal(data, &e) != nil || len(e.Code) > 64 {
		return ""
	}
	return e.Code
}

func (c *Client) httpClient() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return defaultHTTP
}

var defaultHTTP = &http.Client{
	Timeout:       10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

func (c *Client) sign(req *http.Request, body []byte) {
	date := strconv.FormatInt(c.Clock.Now().Unix(), 10)
	req.Header.Set(HeaderDate, date)
	sig := ed25519.Sign(c.Key, signedBytes(req.Method, req.URL.RequestURI(), date, body))
	req.Header.Set(HeaderSignature, base64.StdEncoding.EncodeToString(sig))
}

// signedBytes is what a signature covers: the method, the path and query,
// the date and a digest of the body.
func signedBytes(method, uri, date string, body []byte) []byte {
	sum := sha256.Sum256(body)
	return []byte(signingDomain + method + "\n" + uri + "\n" + date + "\n" + hex.EncodeToString(sum[:]))
}

// IsRefusal reports whether err is the outside system's refusal (4xx).
func IsRefusal(err error) bool {
	var s *StatusError
	return errors.As(err, &s)
}

// IdempotencyKey is the Idempotency-Key a citizen's client sent with a
// request that starts something at an outside system, or a fresh random
// one: a client that never retries need not send one.
func IdempotencyKey(r *http.Request) string {
	if key := r.Header.Get(HeaderIdempotency); key != "" {
		return key
	}
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}
