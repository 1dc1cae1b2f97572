"""Statistics of a period: every figure against counts made by hand from a case file built here,
and `npmdesk stats` (table and JSON) end to end."""

import json
import os
import subprocess
import sys
from pathlib import Path

from npmdesk.domain import model
from npmdesk.services.records import edit as records
from npmdesk.services.tracking import statistics, stats_tables
from npmdesk.services.tracking.statistics import Period

ROOT = Path(__file__).resolve().parent.parent
DGSP, MIGRA, SALUD = "Dirección General del Sistema Penitenciario", "Servicio Nacional de Migración", "Ministerio de Salud"


def build(session):
    """Two places; three visits in 2026 (one outside it in 2025, one in 2027 that must not count).

    By hand, for 2026: visits 3 (prison 2, migrant station 1; Panamá 2, Darién 1; inicial 1,
    seguimiento 1, reactiva 1; anunciada 1, no anunciada 2); interviews 4 (hombre 2, mujer 1,
    no_consta 1; 18_29 2, 30_44 1, no_consta 1; migrantes 2, mujeres 1, nna 0); with allegations
    2 (malos_tratos 2, amenazas 1; an allegation listed twice counts once); referrals 3;
    recommendations issued 3 (DGSP 2, Migración 1; urgente 1, alta 2; trato 1,
    condiciones_materiales 1, no area 1). Earlier years: 4 recommendations of 2025 (DGSP 3,
    Salud 1) whose status at 2026-12-31 is cumplida, en proceso (a later 2027 follow-up does
    not count), incumplida (reiterada) and pendiente (no follow-up yet, no status field set).
    """
    prison = records.save(session, model.Place("Cárcel A", "centro_penitenciario", province="Panamá"))
    station = records.save(session, model.Place("Estación B", "estacion_migratoria", province="Darién"))
    old = records.save(session, model.Visit(prison.id, "2025-03-01", kind="inicial", announced=True))
    v1 = records.save(session, model.Visit(prison.id, "2026-01-01", kind="inicial", announced=True))
    v2 = records.save(session, model.Visit(prison.id, "2026-06-15", kind="seguimiento"))
    v3 = records.save(session, model.Visit(station.id, "2026-12-31", kind="reactiva"))
    late = records.save(session, model.Visit(station.id, "2027-01-01", kind="seguimiento"))
    profiles = [  # visit, sex, age, groups, allegations, referral
        (v1, "hombre", "18_29", [], ["malos_tratos", "malos_tratos"], True),
        (v2, "mujer", "30_44", ["mujeres"], [], True),
        (v3, "hombre", "18_29", ["migrantes"], ["malos_tratos", "amenazas"], False),
        (v3, "no_consta", "no_consta", ["migrantes"], [], True),
        (old, "hombre", "60_mas", ["adultos_mayores"], ["tortura"], True),
        (late, "mujer", "menor_18", ["nna"], ["tortura"], True),
    ]
    for visit, sex, age, groups, allegations, referral in profiles:
        records.add_interview(session, model.Interview(
            visit.id, sex=sex, age_range=age, vulnerable_groups=groups, allegations=allegations,
            referral_needed=referral, consent_interview=True, notes="Nombre Secreto Apellido"))
    for visit, authority, priority, area in ((v1, DGSP, "urgente", "trato"),
                                             (v2, DGSP, "alta", "condiciones_materiales"),
                                             (v3, MIGRA, "alta", ""),
                                             (late, MIGRA, "media", "trato")):
        records.save(session, model.Recommendation(visit.id, "Texto", authority, priority=priority, area=area))
    follow = model.FollowUp
    for authority, follow_ups in ((DGSP, [follow("2026-02-01", "en_proceso"), follow("2026-06-15", "cumplida")]),
                                  (DGSP, [follow("2026-06-15", "en_proceso"), follow("2027-01-05", "cumplida")]),
                                  (SALUD, [follow("2026-06-15", "reiterada")]),
                                  (DGSP, [])):
        records.save(session, model.Recommendation(old.id, "Anterior", authority, follow_ups=follow_ups))


def test_every_figure_against_hand_counts(session):
    build(session)
    stats = statistics.compute(session, Period.year(2026))
    assert (stats.visits, stats.places_visited) == (3, 2)
    assert stats.visits_by_place_kind == {"centro_penitenciario": 2, "estacion_migratoria": 1}
    assert stats.visits_by_province == {"Panamá": 2, "Darién": 1}
    assert stats.visits_by_kind == {"inicial": 1, "reactiva": 1, "seguimiento": 1}
    assert stats.visits_by_announcement == {"no_anunciada": 2, "anunciada": 1}
    assert stats.interviews == 4
    assert stats.interviews_by_sex == {"hombre": 2, "mujer": 1, "no_consta": 1}
    assert stats.interviews_by_age == {"18_29": 2, "30_44": 1, "no_consta": 1}
    assert stats.interviews_by_group == {"migrantes": 2, "mujeres": 1}
    assert (stats.interviews_with_allegations, stats.allegations) == (2, {"malos_tratos": 2, "amenazas": 1})
    assert stats.referrals == 3
    assert stats.recommendations == 3
    assert stats.recommendations_by_authority == {DGSP: 2, MIGRA: 1}
    assert stats.recommendations_by_priority == {"alta": 2, "urgente": 1}
    assert stats.recommendations_by_area == {"": 1, "condiciones_materiales": 1, "trato": 1}
    assert stats.compliance_total.counts == {"cumplida": 1, "parcialmente_cumplida": 0,
                                             "en_proceso": 1, "incumplida": 1, "pendiente": 1}
    assert stats.compliance_by_authority[DGSP].counts == {
        "cumplida": 1, "parcialmente_cumplida": 0, "en_proceso": 1, "incumplida": 0, "pendiente": 1}
    assert stats.compliance_by_authority[SALUD].counts["incumplida"] == 1
    assert list(stats.compliance_by_year) == ["2025"]
    assert stats.compliance_by_year["2025"].rate("cumplida") == 0.25
    # 2027: the 2026 recommendations are now "earlier years"; with no follow-up they are pending.
    later = statistics.compute(session, Period.year(2027))
    assert later.compliance_by_year["2026"].counts["pendiente"] == 3
    assert later.compliance_by_authority[DGSP].counts["cumplida"] == 2  # the 2027-01-05 follow-up


def test_the_status_on_a_day_reads_only_follow_ups_up_to_it():
    rec = model.Recommendation("v", "t", "a", status="cumplida",
                               follow_ups=[model.FollowUp("2026-05-01", "en_proceso")])
    assert statistics.status_on(rec, "2026-04-30") == "pendiente"
    assert statistics.status_on(rec, "2026-05-01") == "en_proceso"
    assert statistics.status_on(model.Recommendation("v", "t", "a", status="cumplida"), "2020-01-01") == "cumplida"


def test_an_empty_period_has_zero_everywhere(session):
    stats = statistics.compute(session, Period.year(2026))
    assert stats.visits == stats.interviews == stats.recommendations == stats.compliance_total.total == 0
    assert stats.compliance_total.rate("cumplida") == 0.0
    text = "\n".join(stats_tables.as_text(t) for t in stats_tables.tables(stats))
    assert "(sin datos en el período)" in text


def run(*args):
    env = dict(os.environ, PYTHONPATH=str(ROOT), NPMDESK_PASSPHRASE="Frase de prueba segura 2026")
    done = subprocess.run([sys.executable, "-m", "npmdesk", *map(str, args)], capture_output=True,
                          text=True, env=env, timeout=120, stdin=subprocess.DEVNULL)
    assert "Traceback" not in done.stdout + done.stderr
    return done


def test_stats_command_json_and_tables_never_name_anyone(session, case_path):
    build(session)
    session.close()
    done = run("stats", case_path, "--year", "2026", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["format"] == "npmdesk-estadisticas" and data["version"] == 1
    assert data["visits"]["by_place_kind"] == {"centro_penitenciario": 2, "estacion_migratoria": 1}
    assert data["interviews"]["allegations"] == {"malos_tratos": 2, "amenazas": 1}
    assert data["compliance"]["by_authority"][DGSP]["rates"]["cumplida"] == 0.3333
    assert data["compliance"]["total"]["counts"]["pendiente"] == 1
    table = run("stats", case_path, "--year", "2026")
    assert table.returncode == 0
    assert "Visitas por tipo de lugar" in table.stdout and "Estación de recepción migratoria" in table.stdout
    assert "25\u00a0%" in table.stdout  # 1 of the 4 earlier recommendations is cumplida
    for output in (done.stdout, table.stdout):
        assert "Secreto" not in output and "E-0" not in output


def test_stats_command_refuses_a_year_out_of_range(session, case_path):
    session.close()
    done = run("stats", case_path, "--year", "20266")
    assert done.returncode == 1
    assert done.stderr.strip() == "npmdesk: El año debe estar entre 2000 y 2100."


def test_the_demo_2026_against_hand_counts(tmp_path):
    """Counted by hand from services/demo/texts.py (the prison) and history_texts.py (the
    juvenile centre and the migrant station): 2026 has the prison's follow-up visit (6
    interviews, 7 recommendations), the station's reactive visit (5, 3) and the centre's
    follow-up (3, 2); earlier years: the prison's 3 of 2025, the centre's 3 of 2024 and 2 of
    2025, the station's 3 of 2024."""
    from fast_kdf import FAST_KDF
    from npmdesk.services.demo.case import create_demo
    demo = create_demo(tmp_path / "demo.npmcase", kdf_params=FAST_KDF)
    try:
        stats = statistics.compute(demo, Period.year(2026))
    finally:
        demo.close()
    assert (stats.visits, stats.places_visited) == (3, 3)
    assert stats.visits_by_place_kind == {"centro_menores": 1, "centro_penitenciario": 1, "estacion_migratoria": 1}
    assert stats.visits_by_province == {"Coclé": 1, "Darién": 1, "Panamá Oeste": 1}
    assert stats.visits_by_kind == {"seguimiento": 2, "reactiva": 1}
    assert stats.visits_by_announcement == {"no_anunciada": 2, "anunciada": 1}
    assert stats.interviews == 6 + 5 + 3
    assert stats.interviews_by_sex == {"hombre": 5 + 2 + 2, "mujer": 1 + 2 + 1, "otro": 1}
    assert stats.interviews_by_age == {"18_29": 2 + 2, "menor_18": 1 + 3, "30_44": 2 + 1,
                                       "no_consta": 1 + 1, "60_mas": 1}
    assert stats.interviews_by_group == {"migrantes": 1 + 5, "mujeres": 1 + 2 + 1, "nna": 1 + 3,
                                         "discapacidad": 1 + 1, "adultos_mayores": 1, "lgbti": 1}
    assert stats.allegations == {"malos_tratos": 2 + 2, "amenazas": 1 + 2, "represalias": 1}
    assert stats.interviews_with_allegations == 3 + 3
    assert stats.referrals == 4 + 4 + 2
    assert stats.recommendations == 7 + 3 + 2
    assert stats.recommendations_by_authority["Dirección General del Sistema Penitenciario"] == 3
    assert stats.recommendations_by_authority["Servicio Nacional de Migración"] == 2
    assert stats.recommendations_by_priority == {"alta": 3 + 1 + 1, "urgente": 3 + 2, "media": 1 + 1}
    assert stats.compliance_by_year["2024"].counts == {
        "cumplida": 2, "parcialmente_cumplida": 1, "en_proceso": 0, "incumplida": 3, "pendiente": 0}
    assert stats.compliance_by_year["2025"].counts == {
        "cumplida": 1, "parcialmente_cumplida": 1, "en_proceso": 1, "incumplida": 1, "pendiente": 1}
    assert stats.compliance_by_authority["Servicio Nacional de Migración"].counts["incumplida"] == 2
    assert stats.compliance_total.total == 11 and round(stats.compliance_total.rate("cumplida"), 3) == 0.273
