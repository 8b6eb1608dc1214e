#!/usr/bin/env python3
"""A deterministic corpus of popdoc sites for the benchmarks.

    python3 benches/corpus.py OUT N [--seed S]

writes OUT/popdoc.toml and OUT/content/<slug>/ for N dossiers: 1-2 cheques
(vdab-2020; a few under vdab-2025t), 6-12 conversations, POPs of a few hundred
words with Dutch accents, an action-plan table and a dated evolution, some
trainings with an attest, some POPs the client keeps. Every dossier differs
(names, dates, texts are drawn from a seeded generator), so Typst's memo cache
cannot serve one from another.
"""
import random, sys, pathlib, datetime

VOORNAMEN = ["An", "Joëlle", "Jérôme", "Sofie", "Lotte", "Bart", "Noëmi", "Séverine", "Koen", "Inès",
             "Wouter", "Aïcha", "Pieter", "Elif", "Thijs", "Zoë", "Mehdi", "Griet", "Björn", "Chloé"]
ACHTERNAMEN = ["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens",
               "Wouters", "De Smet", "Dubois", "Lambert", "Dupré", "Çelik", "Van Damme", "Verstraeten",
               "De Clercq", "Vermeulen", "Desmet", "Aydın"]
BEGELEIDERS = ["Els Janssens", "Pieter De Smet", "Karin Vandenberghe", "Yusuf Demir"]
WOORDEN = ("ik wil graag een job waarin ik mensen help en structuur breng voor anderen maar ik twijfel "
           "over mijn sterktes de waardenkaartjes toonden dat zelfstandigheid en zorg bovenaan staan "
           "mijn energie komt terug wanneer ik met een klein team aan een concreet probleem werk "
           "financiële zekerheid blijft belangrijk net als een goede balans tussen werk en gezin "
           "in de gesprekken merkte ik dat mijn twijfel vooral uit angst voor het onbekende komt "
           "één collega zei dat ik geduldig en nauwkeurig ben wat ik zelf niet zo zag").split()
OPLEIDINGEN = ["Bachelor Verpleegkunde", "Zorgcoördinator", "Datavisualisatie", "Boekhouding voor kmo's",
               "Opleiding tot coach", "Projectmanagement", "Logistiek assistent", "Leerkracht secundair onderwijs"]

def sentence(rng, n):
    words = [rng.choice(WOORDEN) for _ in range(n)]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."

def paragraph(rng, sentences):
    return " ".join(sentence(rng, rng.randint(8, 18)) for _ in range(sentences))

def day(d):
    return d.isoformat()

def dossier(rng, i):
    voornaam = rng.choice(VOORNAMEN)
    achternaam = rng.choice(ACHTERNAMEN)
    slug = f"klant-{i:05d}"
    transitional = rng.random() < 0.1
    ordered = datetime.date(2025, 11, 3) + datetime.timedelta(days=rng.randint(0, 300)) if transitional \
        else datetime.date(2021, 1, 4) + datetime.timedelta(days=rng.randint(0, 1500))
    cheques = 1 if transitional or rng.random() < 0.6 else 2
    sessions = rng.randint(6, 12)
    keeps = rng.random() < 0.15
    start = ordered + datetime.timedelta(days=rng.randint(3, 20))
    lines = [
        "+++",
        "[klant]",
        f'voornaam = "{voornaam}"',
        f'achternaam = "{achternaam}"',
        f'opleidingsniveau = "{rng.choice(["hoog", "midden", "kort"])}"',
        f'klantennummer = "{rng.randint(0, 9999999):07d}"',
    ]
    if transitional:
        lines.append("eerder_loopbaancheque = false")
    lines += ["", "[begeleider]", f'naam = "{rng.choice(BEGELEIDERS)}"', ""]
    for c in range(1, cheques + 1):
        lines += ["[[cheques]]", f"nummer = {c}", f"besteld_op = {day(ordered + datetime.timedelta(days=(c - 1) * 120))}",
                  f'chequenummer = "LC-{rng.randint(100000, 999999)}"', ""]
    lines += ["[intake]", f"overeenkomst_ondertekend_op = {day(start)}", "eigen_initiatief = true",
              "deel_van_andere_begeleiding = false",
              'toegelicht = ["recht", "financiele-bijdrage", "gedragscode", "klachtenprocedure", "confidentialiteit", '
              '"gelijke-behandeling", "loopbaandoelstelling", "loopbaanvraag", "inhoud-en-pop", "overeenkomst"]', ""]
    lines += ["[[gesprekken]]", f"datum = {day(start - datetime.timedelta(days=7))}", 'soort = "kennismaking"',
              "minuten = 30", 'vorm = "individueel"', 'kanaal = "telefonisch"', f'notities = "{sentence(rng, 8)}"', ""]
    finals = {}
    d = start
    per_cheque = max(3, (sessions - 1) // cheques)
    for c in range(1, cheques + 1):
        package = 240 if c == 1 else 180
        minutes = [60] * (package // 60)
        kinds = ["intake" if c == 1 else "verdieping"] + ["verdieping"] * (len(minutes) - 2) + ["synthese"]
        for k, m in zip(kinds, minutes):
            lines += ["[[gesprekken]]", f"datum = {day(d)}", f'soort = "{k}"', f"minuten = {m}",
                      f'vorm = "{"individueel"}"', f'kanaal = "{rng.choice(["fysiek", "online"])}"', f"cheque = {c}",
                      f'notities = "{sentence(rng, 10)}"', ""]
            if k == "synthese":
                finals[c] = d
            d += datetime.timedelta(days=rng.randint(7, 20))
        d += datetime.timedelta(days=121)
    lines += ["[[gesprekken]]", f"datum = {day(finals[cheques] + datetime.timedelta(days=60))}", 'soort = "nazorg"',
              "minuten = 20", 'vorm = "individueel"', 'kanaal = "telefonisch"', ""]
    training = None
    if rng.random() < 0.3:
        training = rng.choice(OPLEIDINGEN)
        year = finals[1].year + (1 if finals[1].month >= 6 else 0)
        lines += ["[[opleidingen]]", f'naam = "{training}"', 'verstrekker = "Syntra"', f'academiejaar = "{year}-{year + 1}"',
                  'incentives = ["opleidingscheques"]', "pop = 1", "attest = true",
                  f"attest_op = {day(finals[1] + datetime.timedelta(days=2))}", "enkel_voor_incentive = false", ""]
    lines += ["[privacy]", f"pop_in_dossier = {'false' if keeps else 'true'}", f"publiceren = {'true' if rng.random() < 0.2 else 'false'}", "",
              "[evaluatie]", f"uitgenodigd_op = {day(finals[cheques] + datetime.timedelta(days=1))}", "+++",
              paragraph(rng, 2), ""]
    pops = {}
    for c in range(1, cheques + 1):
        f = finals[c]
        body = [
            "+++", f"cheque = {c}", f"gefinaliseerd_op = {day(f)}", 'soort = "actiegericht"', "ondertekend = true", "+++",
            "## Loopbaanvraag", "", paragraph(rng, 2), "",
            "## Reflecties en inzichten", "", paragraph(rng, 5), "", paragraph(rng, 4), "",
            "## Keuzes, beslissingen en acties", "", paragraph(rng, 3) + (f" Ik volg de opleiding {training}." if training and c == 1 else ""), "",
            "## Actieplan", "", "| Actie | Wanneer | Status |", "|---|---|---|",
        ]
        for _ in range(rng.randint(2, 5)):
            body.append(f"| {sentence(rng, 5)} | {rng.choice(['april', 'mei', 'juni', 'september'])} {f.year} | {rng.choice(['bezig', 'gepland', 'klaar'])} |")
        body += ["", "## Evolutie", ""]
        for k in range(3):
            body.append(f"- {day(f - datetime.timedelta(days=30 - 10 * k))}: {sentence(rng, 9)}")
        pops[c] = "\n".join(body) + "\n"
    return slug, "\n".join(lines), pops

def main():
    out = pathlib.Path(sys.argv[1]); n = int(sys.argv[2])
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 42
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    (out / "popdoc.toml").write_text('title = "Benchmark"\n[centrum]\nnaam = "De Sprong vzw"\n'
                                     'ondernemingsnummer = "0000.000.196"\nadres = "Kerkstraat 1, 9000 Gent"\n', encoding="utf-8")
    for i in range(n):
        slug, index, pops = dossier(rng, i)
        d = out / "content" / slug
        d.mkdir(parents=True, exist_ok=True)
        (d / "index.md").write_text(index, encoding="utf-8")
        for c, text in pops.items():
            (d / f"pop-{c}.md").write_text(text, encoding="utf-8")

if __name__ == "__main__":
    main()
