"""Creates the parties the Tryton end-to-end test reads, with Tryton's own Python API.

Run by the Debian python3 (/usr/bin/python3): trytond is installed for it, not for other pythons.
Usage: seed-parties.py <trytond.conf> <database>
"""
import sys
import warnings

from trytond.config import config

config.update_etc(sys.argv[1])

from trytond.pool import Pool  # noqa: E402 (after the configuration, as trytond requires)
from trytond.transaction import Transaction  # noqa: E402

DATABASE = sys.argv[2]

# (name, [(type, value), ...]); ids follow this order: 1, 2, 3, 4.
PARTIES = [
    ('Петров Иван Сергеевич', [('mobile', '+7 912 345-67-89'), ('phone', '+7 843 210-55-00'), ('email', 'ivan.petrov@romashka.example')]),
    ('Смирнова Анна Викторовна', [('mobile', '+7 912 000-11-22')]),
    ('ООО «Ромашка»', [('phone', '+7 495 123-45-67'), ('website', 'https://romashka.example')]),
    ('Кузнецова Ольга Павловна', [('mobile', '+7 916 111-22-33'), ('mobile', '+7 926 444-55-66')]),
]

with warnings.catch_warnings():
    # res.user imports passlib, which warns that Python's crypt module is deprecated: not ours to fix.
    warnings.simplefilter('ignore', DeprecationWarning)
    import passlib.context  # noqa: F401
Pool.start()
pool = Pool(DATABASE)
pool.init()
with Transaction().start(DATABASE, 0) as transaction:
    User = pool.get('res.user')
    Party = pool.get('party.party')
    ConfigItem = pool.get('ir.module.config_wizard.item')
    admin, = User.search([('login', '=', 'admin')])
    admin.name = 'Сергей Админов'
    admin.save()
    Party.create([
        {'name': name, 'contact_mechanisms': [('create', [{'type': t, 'value': v} for t, v in mechanisms])]}
        for name, mechanisms in PARTIES
    ])
    # Without this the web client opens the module configuration wizard at the first login.
    ConfigItem.write(ConfigItem.search([]), {'state': 'done'})
    transaction.commit()
print('seeded', len(PARTIES), 'parties')
