-- Digital identity cards (IKD, Identitas Kependudukan Digital; Permendagri 72/2022): which citizens
-- activated theirs, when and on which kind of device (docs/subgraphs.md, "identity"). No biometric
-- data: the face verification at activation is Dukcapil's, and not kept here.
create table digital_id (
    nik           text primary key references citizen (nik),
    activated_on  date not null,
    device_class  text not null check (device_class in ('ANDROID', 'IOS'))
);
