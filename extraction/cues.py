"""Word lists: the verbs and nouns that introduce reported speech, and the words that name roles."""

# Lemmas of verbs that report speech, writing or a stated position.
SPEECH_VERBS = frozenset(
    """
    say tell add warn deny claim announce insist accuse state argue explain note suggest
    write report reply respond ask urge declare admit acknowledge confirm predict promise vow
    pledge threaten assert contend maintain stress emphasise emphasize reveal recall complain
    concede allege tweet post hint estimate caution testify answer observe comment remark
    conclude demand dismiss charge counter indicate signal announce agree disclose boast
    lament quip joke repeat reiterate reaffirm assure inform notify mention advise
    exclaim retort interject yell shout chant scream whisper mutter cry echo
    """.split()
)

# Verbs of saying that tell how the words came out, as part of what someone did: "ran into
# the crowd, shouting that ..." (the shouter is whoever ran, not whoever reports it).
MANNERS_OF_SPEAKING = frozenset(
    "exclaim yell shout chant scream whisper mutter cry shriek holler mumble".split()
)

# Verbs whose object after "of" is the content: "warned of a crisis", "accused X of lying".
OF_CONTENT_VERBS = frozenset({"warn", "accuse", "speak", "talk", "complain", "boast"})

# Nouns naming the occasion or medium of a statement: "cited the figure at a rally", "called
# him a liar in an interview", "on Twitter". What follows the object with them is the
# writer's circumstance, not what was said (on PolNeAR train, gold leaves such a phrase out
# of the content 64 times in 88).
SPEECH_OCCASIONS = frozenset(
    """
    interview tweet speech rally conference briefing show program programme appearance email
    letter post page account twitter facebook medium media tv television radio news air trail
    hall forum debate event statement remark op-ed column podcast broadcast call meeting
    hearing session visit stop festival convention summit ceremony video ad release memo
    """.split()
)

# Heads of a source phrase that stand for the body that issued it: "a Kremlin readout".
DOCUMENT_NOUNS = frozenset(
    """
    statement readout report release letter transcript memo document tweet post note
    communique communiqué announcement filing website spokesman spokeswoman spokesperson
    poll survey study analysis video clip complaint
    """.split()
)

# Nouns naming an office or role: "the Russian president", "the minister".
ROLE_NOUNS = frozenset(
    """
    president minister chancellor leader secretary spokesman spokeswoman spokesperson senator
    governor mayor premier king queen prince chief head director chairman chairwoman chair
    ambassador envoy general commander official candidate nominee congressman congresswoman
    representative lawmaker speaker judge attorney prosecutor adviser advisor aide
    secretary-general
    """.split()
)

# Nouns that describe a person without being an office: "the New York businessman", "the
# CNN host"; with the offices, what a definite description of a person can end in.
PERSON_NOUNS = ROLE_NOUNS | frozenset(
    """
    businessman businesswoman billionaire mogul executive entrepreneur founder owner lawyer
    economist analyst strategist pollster activist actor actress singer rapper star celebrity
    comedian filmmaker producer host anchor reporter journalist columnist commentator writer
    author professor scientist researcher doctor physician officer commissioner sheriff
    contender challenger incumbent opponent rival hopeful frontrunner front-runner veteran
    republican democrat politician lawmaker legislator statesman diplomat
    """.split()
)

HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof"})

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
