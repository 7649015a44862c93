"""Records as YAML text: :mod:`.reading` (strict loading with line and column marks),
:mod:`.editing` (round-trip edits that keep comments), :mod:`.formatting` (the
canonical layout ``officectl fmt`` writes) and :mod:`.style` (how one scalar is
written). Inside this package ``import yaml`` is still PyYAML: imports are absolute.
"""
