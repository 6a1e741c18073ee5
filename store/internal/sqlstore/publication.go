package sqlstore

import (
	"context"

	"jikimi/errs"
	"jikimi/store"
)

// RecordPublication inserts p unless its (service, version) is taken; a
// taken one is fine when the hash matches, a conflict when it does not.
func (db *DB) RecordPublication(ctx context.Context, p store.Publication) error {
	p, err := p.Normalize()
	if err != nil {
		return err
	}
	res, err := db.W.ExecContext(ctx, db.Q.InsertPublication, p.Service, p.Version, p.Effective, p.SHA256, p.PublishedAt)
	if err != nil {
		return errs.Wrap(errs.Internal, err, "record publication of policy %s version %s", p.Service, p.Version)
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return errs.WrapIf(err, "record publication of policy %s version %s", p.Service, p.Version)
	}
	var stored string
	if err := db.W.QueryRowContext(ctx, db.Q.PublicationHash, p.Service, p.Version).Scan(&stored); err != nil {
		return errs.Wrap(errs.Internal, err, "read publication of policy %s version %s", p.Service, p.Version)
	}
	if stored != p.SHA256 {
		return errs.E(errs.Conflict, "policy %s version %s was already published with different content", p.Service, p.Version)
	}
	return nil
}

// Publications lists one service's publications in effective order.
func (db *DB) Publications(ctx context.Context, service string) ([]store.Publication, error) {
	if err := store.ValidService(service); err != nil {
		return nil, err
	}
	ps, err := store.Collect(ctx, db.R, "list publications of "+service, func(s store.Scanner, p *store.Publication) error {
		err := s.Scan(&p.Service, &p.Version, &p.Effective, &p.SHA256, &p.PublishedAt)
		p.Effective, p.PublishedAt = p.Effective.UTC(), p.PublishedAt.UTC()
		return err
	}, db.Q.ListPublications, service)
	if ps == nil && err == nil {
		ps = []store.Publication{}
	}
	return ps, err
}
