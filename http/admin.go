package http

import (
	"encoding/csv"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/access"
)

type auditData struct {
	Events        []sightline.AuditEvent
	Actor, Action string
	Limit         int
	// Chain is the result of checking the whole log's hash chain.
	ChainOK  bool
	ChainErr string
	Total    int
}

const auditShown = 500

// auditPage shows the audit log, newest first, and whether its hash chain
// is whole: an administrator sees at once if a line was altered.
func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) {
	if s.auditLog == nil {
		http.Error(w, "This store keeps no audit log.", http.StatusNotImplemented)
		return
	}
	q := r.URL.Query()
	d := auditData{Actor: q.Get("actor"), Action: q.Get("action"), Limit: auditShown}
	all, err := s.auditLog.AuditEvents(r.Context(), sightline.AuditQuery{})
	if err != nil {
		s.serverError(w, err)
		return
	}
	d.Total = len(all)
	if err := access.VerifyChain(all); err != nil {
		d.ChainErr = err.Error()
	} else {
		d.ChainOK = true
	}
	s.audit(r, sightline.AuditEvent{Action: "read-audit", Object: "audit log", Outcome: "ok"})
	for _, e := range all {
		if (d.Actor == "" || e.Actor == d.Actor) && (d.Action == "" || e.Action == d.Action) {
			d.Events = append(d.Events, e)
			if len(d.Events) == auditShown {
				break
			}
		}
	}
	s.render(w, r, http.StatusOK, "audit", page{Title: "Audit log", Nav: "admin", Data: d})
}

// auditDownload gives the whole log as CSV, with each event's hashes so the
// chain can be checked outside Sightline.
func (s *Server) auditDownload(w http.ResponseWriter, r *http.Request) {
	if s.auditLog == nil {
		http.Error(w, "This store keeps no audit log.", http.StatusNotImplemented)
		return
	}
	evs, err := s.auditLog.AuditEvents(r.Context(), sightline.AuditQuery{Actor: r.URL.Query().Get("actor"), Action: r.URL.Query().Get("action")})
	if err != nil {
		s.serverError(w, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	s.audit(r, sightline.AuditEvent{Action: "export-audit", Object: fmt.Sprintf("audit log, %d events, as CSV", len(evs)), Outcome: "ok"})
	w.Header().Set("Content-Disposition", `attachment; filename="sightline-audit.csv"`)
	WriteAuditCSV(w, evs)
}

// WriteAuditCSV writes events as CSV, one per line, oldest first; the
// command line's audit export writes the same.
func WriteAuditCSV(w interface{ Write([]byte) (int, error) }, evs []sightline.AuditEvent) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"seq", "at", "actor", "role", "action", "object", "reason", "outcome", "remote", "prev", "hash"})
	for i := len(evs) - 1; i >= 0; i-- {
		e := evs[i]
		cw.Write([]string{strconv.FormatInt(e.Seq, 10), e.At.UTC().Format(time.RFC3339Nano), csvSafe(e.Actor), string(e.Role), e.Action,
			csvSafe(e.Object), csvSafe(e.Reason), e.Outcome, e.Remote, e.Prev, e.Hash})
	}
	cw.Flush()
	return cw.Error()
}

type usersData struct {
	Users []userRow
	Err   string
	Msg   string
	Roles []sightline.Role
	// Form keeps what was typed when adding an account failed.
	Form sightline.User
}

type userRow struct {
	sightline.User
	RoleName, Scope string
}

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request) {
	s.renderUsers(w, r, http.StatusOK, "", "", sightline.User{})
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, errMsg, msg string, form sightline.User) {
	if s.accounts == nil {
		http.Error(w, "This store keeps no accounts.", http.StatusNotImplemented)
		return
	}
	us, err := s.accounts.Users(r.Context())
	if err != nil {
		s.serverError(w, err)
		return
	}
	d := usersData{Err: errMsg, Msg: msg, Roles: sightline.Roles[1:], Form: form}
	for _, u := range us {
		d.Users = append(d.Users, userRow{User: u, RoleName: access.RoleName(u.Role), Scope: s.scopeText(u)})
	}
	s.render(w, r, status, "users", page{Title: "Accounts", Nav: "admin", Data: d})
}

// scopeText says in words whose records an account may see.
func (s *Server) scopeText(u sightline.User) string {
	name := func(code string) string {
		if c := s.Reg.Council(code); c != nil {
			return c.Name
		}
		return code
	}
	switch u.Role {
	case sightline.RoleCouncil:
		return name(u.Council)
	case sightline.RolePartner:
		return u.Agency + " in " + name(u.Council)
	case sightline.RoleRegional:
		for _, c := range s.Reg.Councils() {
			if c.RegionCode == u.Region {
				return c.RegionName
			}
		}
		return u.Region
	case sightline.RoleNational:
		return "England"
	}
	return "accounts and audit log"
}

// addUser creates an account from the administrator's form.
func (s *Server) addUser(w http.ResponseWriter, r *http.Request) {
	u := sightline.User{
		Name: strings.TrimSpace(r.PostFormValue("name")), Email: strings.TrimSpace(r.PostFormValue("email")),
		Role: sightline.Role(r.PostFormValue("role")), Council: strings.TrimSpace(r.PostFormValue("council")),
		Region: strings.TrimSpace(r.PostFormValue("region")), Agency: strings.TrimSpace(r.PostFormValue("agency")),
		Subject: strings.TrimSpace(r.PostFormValue("subject")),
	}
	err := access.CheckScope(u, s.Reg)
	pw := r.PostFormValue("password")
	if err == nil && (pw != "" || u.Subject == "") {
		if err = access.CheckPassword(pw); err == nil {
			u.PasswordHash, err = access.HashPassword(pw)
		}
	}
	if err == nil {
		u, err = s.accounts.AddUser(r.Context(), u)
	}
	if err != nil {
		s.audit(r, sightline.AuditEvent{Action: "user-add", Object: "account " + u.Name, Outcome: "failed", Reason: err.Error()})
		s.renderUsers(w, r, http.StatusBadRequest, sentence(err.Error())+".", "", u)
		return
	}
	s.audit(r, sightline.AuditEvent{Action: "user-add", Object: "account " + u.Name, Outcome: "ok", Reason: fmt.Sprintf("%s, %s", access.RoleName(u.Role), s.scopeText(u))})
	s.renderUsers(w, r, http.StatusOK, "", fmt.Sprintf("Account %s added (%s, %s).", u.Name, access.RoleName(u.Role), s.scopeText(u)), sightline.User{})
}

// changeUser disables, enables or resets the password of an account.
// Disabling signs the account out everywhere at once.
func (s *Server) changeUser(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	u, err := s.accounts.UserByName(r.Context(), name)
	if errors.Is(err, sightline.ErrNotFound) {
		s.renderUsers(w, r, http.StatusNotFound, fmt.Sprintf("There is no account named %s.", name), "", sightline.User{})
		return
	}
	if err != nil {
		s.serverError(w, err)
		return
	}
	action := r.PostFormValue("action")
	msg := ""
	switch action {
	case "disable":
		if u.Name == userFrom(r).Name {
			s.renderUsers(w, r, http.StatusBadRequest, "You cannot disable your own account.", "", sightline.User{})
			return
		}
		u.Disabled, msg = true, "Account "+u.Name+" disabled and signed out."
	case "enable":
		u.Disabled, msg = false, "Account "+u.Name+" enabled."
	case "password":
		pw := r.PostFormValue("password")
		if err := access.CheckPassword(pw); err != nil {
			s.renderUsers(w, r, http.StatusBadRequest, sentence(err.Error())+".", "", sightline.User{})
			return
		}
		if u.PasswordHash, err = access.HashPassword(pw); err != nil {
			s.serverError(w, err)
			return
		}
		msg = "New password set for " + u.Name + "; they have been signed out."
	default:
		s.renderUsers(w, r, http.StatusBadRequest, "Say what to change: disable, enable or password.", "", sightline.User{})
		return
	}
	if err := s.accounts.UpdateUser(r.Context(), u); err != nil {
		s.serverError(w, err)
		return
	}
	if action != "enable" {
		if err := s.accounts.DeleteUserSessions(r.Context(), u.ID); err != nil {
			s.serverError(w, err)
			return
		}
	}
	s.audit(r, sightline.AuditEvent{Action: "user-change", Object: "account " + u.Name, Outcome: "ok", Reason: action})
	s.renderUsers(w, r, http.StatusOK, "", msg, sightline.User{})
}
