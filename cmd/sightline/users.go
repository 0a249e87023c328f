package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"strings"
	"text/tabwriter"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/access"
	"github.com/sightline-uk/sightline/geography"
	shttp "github.com/sightline-uk/sightline/http"
	"github.com/sightline-uk/sightline/store"
)

// cmdUsers manages accounts from the command line: the first
// administrator is made here, since the website needs one to make others.
func cmdUsers(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError("users: say what to do: add, list, disable, enable or password")
	}
	fs := flag.NewFlagSet("users "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := dbFlag(fs)
	role := fs.String("role", "", "council, partner, regional, national or admin (add)")
	council := fs.String("council", "", "the council's ONS code, for a council analyst or a partner (add)")
	region := fs.String("region", "", "the region's ONS code, for a regional analyst (add)")
	agency := fs.String("agency", "", "a partner's agency: police, health or school_census (add)")
	email := fs.String("email", "", "email address (add)")
	subject := fs.String("subject", "", "the identity provider's subject, to sign in with the council's account (add)")
	pwStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input instead of making one up (add, password)")
	// The account's name may come before the flags or after them.
	rest, name := args[1:], ""
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		name, rest = rest[0], rest[1:]
	}
	if err := fs.Parse(rest); err != nil {
		return err
	}
	if name == "" && fs.NArg() > 0 {
		name = fs.Arg(0)
	}
	extra := fs.NArg()
	if name != "" && fs.NArg() > 0 && fs.Arg(0) == name {
		extra--
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	password := func() (string, bool, error) {
		if !*pwStdin {
			return newPassword(), true, nil
		}
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", false, err
		}
		pw := strings.TrimRight(line, "\r\n")
		return pw, false, access.CheckPassword(pw)
	}
	needName := func() error {
		if name == "" || extra > 0 {
			return usageError(fmt.Sprintf("users %s: name one account", args[0]))
		}
		return nil
	}
	switch args[0] {
	case "list":
		return listUsers(ctx, s, stdout)
	case "add":
		if err := needName(); err != nil {
			return err
		}
		u := sightline.User{Name: name, Role: sightline.Role(*role), Council: *council, Region: *region, Agency: *agency, Email: *email, Subject: *subject}
		if err := access.CheckScope(u, geography.Default()); err != nil {
			return usageError("users add: " + err.Error())
		}
		pw, made, err := password()
		if err != nil {
			return usageError("users add: " + err.Error())
		}
		if u.PasswordHash, err = access.HashPassword(pw); err != nil {
			return err
		}
		if u, err = s.AddUser(ctx, u); err != nil {
			return err
		}
		cliAudit(ctx, s, "user-add", "account "+u.Name, "ok", access.RoleName(u.Role))
		fmt.Fprintf(stdout, "Added %s, %s.\n", u.Name, access.RoleName(u.Role))
		if made {
			fmt.Fprintf(stdout, "Their first password is: %s\nGive it to them privately; they can change it on their account page.\n", pw)
		}
		return nil
	case "disable", "enable", "password":
		if err := needName(); err != nil {
			return err
		}
		u, err := s.UserByName(ctx, name)
		if errors.Is(err, sightline.ErrNotFound) {
			return usageError(fmt.Sprintf("users %s: there is no account named %q", args[0], name))
		}
		if err != nil {
			return err
		}
		var pw string
		var made bool
		switch args[0] {
		case "disable":
			u.Disabled = true
		case "enable":
			u.Disabled = false
		case "password":
			if pw, made, err = password(); err != nil {
				return usageError("users password: " + err.Error())
			}
			if u.PasswordHash, err = access.HashPassword(pw); err != nil {
				return err
			}
		}
		if err := s.UpdateUser(ctx, u); err != nil {
			return err
		}
		if args[0] != "enable" {
			if err := s.DeleteUserSessions(ctx, u.ID); err != nil {
				return err
			}
		}
		cliAudit(ctx, s, "user-change", "account "+u.Name, "ok", args[0])
		fmt.Fprintf(stdout, "%s: done (%s).\n", u.Name, args[0])
		if made {
			fmt.Fprintf(stdout, "Their new password is: %s\n", pw)
		}
		return nil
	}
	return usageError(fmt.Sprintf("users: unknown action %q: add, list, disable, enable or password", args[0]))
}

// newPassword makes a first password of 20 random letters and digits
// (100 bits), which the person then replaces.
func newPassword() string {
	b := make([]byte, 13)
	rand.Read(b)
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))[:20]
}

func listUsers(ctx context.Context, s store.Store, w io.Writer) error {
	us, err := s.Users(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tROLE\tCOUNCIL\tREGION\tAGENCY\tSTATUS")
	for _, u := range us {
		status := "active"
		if u.Disabled {
			status = "disabled"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", u.Name, u.Role, u.Council, u.Region, u.Agency, status)
	}
	return tw.Flush()
}

// stdin is where --password-stdin reads; tests give their own.
var stdin io.Reader = os.Stdin

// cliActor names the person at the terminal in the audit log.
func cliActor() string {
	name := os.Getenv("SUDO_USER")
	if name == "" {
		if u, err := user.Current(); err == nil {
			name = u.Username
		}
	}
	return "cli:" + name
}

// cliAudit writes a command's event to the audit log; a store without one,
// or a failure to write, is reported on standard error by the caller's
// logger but does not undo work already done.
func cliAudit(ctx context.Context, s sightline.AuditLog, action, object, outcome, reason string) error {
	_, err := s.Append(context.WithoutCancel(ctx), sightline.AuditEvent{Actor: cliActor(), Role: sightline.RoleAdmin, Action: action, Object: object, Outcome: outcome, Reason: reason})
	if err != nil {
		fmt.Fprintf(os.Stderr, "sightline: could not write to the audit log: %v\n", err)
	}
	return err
}

// cmdAudit prints the audit log, newest first, and checks its chain.
func cmdAudit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := dbFlag(fs)
	actor := fs.String("actor", "", "only this person's events")
	action := fs.String("action", "", "only this action (login, read, export, keep, import…)")
	limit := fs.Int("limit", 50, "at most this many events (0: all)")
	format := fs.String("format", "text", "text or csv (csv: oldest first, with the hashes)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	all, err := s.AuditEvents(ctx, sightline.AuditQuery{})
	if err != nil {
		return err
	}
	chainErr := access.VerifyChain(all)
	evs, err := s.AuditEvents(ctx, sightline.AuditQuery{Actor: *actor, Action: *action, Limit: *limit})
	if err != nil {
		return err
	}
	switch *format {
	case "csv":
		if err := shttp.WriteAuditCSV(stdout, evs); err != nil {
			return err
		}
	case "text":
		tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "SEQ\tWHEN (UTC)\tWHO\tROLE\tACTION\tWHAT\tWHY\tOUTCOME")
		for _, e := range evs {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", e.Seq, e.At.Format("2006-01-02 15:04:05"), e.Actor, e.Role, e.Action, truncate(e.Object, 50), truncate(e.Reason, 40), e.Outcome)
		}
		tw.Flush()
		if chainErr == nil {
			fmt.Fprintf(stdout, "\nThe chain of all %d events is whole: none has been changed or removed.\n", len(all))
		}
	default:
		return usageError("audit: --format must be text or csv")
	}
	if chainErr != nil {
		return fmt.Errorf("the audit log has been altered: %w", chainErr)
	}
	return nil
}
